package dev.karuta.app.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigKeysTest {
    static Stream<Key<?>> everyKey() {
        return ConfigKeys.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("everyKey")
    void passwordsAndSecretsAreMasked(Key<?> key) {
        boolean named = key.name().endsWith(".secret") || key.name().endsWith(".password");
        assertEquals(named, key.isSecret(), key.name());
        if (key.isSecret()) {
            assertEquals("***", key.shown("value-that-must-not-show"));
            assertEquals("", key.shown(""), "an unset secret shows as unset");
        }
    }

    @ParameterizedTest
    @MethodSource("everyKey")
    void eachKeyHasOneLineOfDocumentationAndADefaultItsParserTakes(Key<?> key) {
        assertFalse(key.doc().isBlank(), key.name());
        assertFalse(key.doc().contains("\n") || key.doc().contains("|"), "one line, no Markdown cell break");
        assertFalse(key.defaultDoc().contains("\n") || key.defaultDoc().contains("|"));
        if (!key.defaultValue().isEmpty()) {
            assertDoesNotThrow(() -> key.parse(key.defaultValue()), key.name());
        }
        assertTrue(ConfigKeys.named(key.name()).orElseThrow() == key);
    }
}
