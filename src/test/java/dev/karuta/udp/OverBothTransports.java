package dev.karuta.udp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A test run once per UDP transport, its {@code String} parameter the value of
 * {@code karuta.udp.transport}: {@code epoll} (Netty's native transport, which must load on the
 * Linux x86_64 machines the tests run on) and {@code jdk}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "over {0}")
@ValueSource(strings = {"epoll", "jdk"})
@interface OverBothTransports {
}
