package dev.karuta.store.naming.java;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.spi.InitialContextFactory;
import javax.naming.spi.ObjectFactory;

/**
 * A {@code java:} URL context that is the test's initial context: JNDI looks a {@code java:...} name up
 * through the URL context factory of the first package in {@code java.naming.factory.url.pkgs} that has
 * one, and Jetty's {@code jetty-jndi} (on the test class path through the WebSocket server) adds its own
 * to that list in its {@code jndi.properties}. A test that binds names in its own initial context
 * ({@code java.naming.factory.initial}) names this package first, so its {@code java:} names resolve
 * there. The class name is the one JNDI's convention requires.
 */
public final class javaURLContextFactory implements ObjectFactory {
    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment)
            throws Exception {
        String initial = System.getProperty(Context.INITIAL_CONTEXT_FACTORY);
        InitialContextFactory factory = (InitialContextFactory) Class.forName(initial).getDeclaredConstructor()
                .newInstance();
        return factory.getInitialContext(environment);
    }
}
