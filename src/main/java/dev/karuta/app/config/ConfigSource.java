package dev.karuta.app.config;

import java.util.function.Function;

/**
 * Where a key's value comes from, the first that sets it winning: the servlet context's init-parameters,
 * then the JVM's system properties (both under the key's name), then the process environment (under
 * {@link Key#environmentName()}, for container images). A blank value counts as unset.
 *
 * @param initParams       init-parameters by name (null: unset)
 * @param systemProperties system properties by name (null: unset)
 * @param environment      environment variables by name (null: unset)
 */
public record ConfigSource(Function<String, String> initParams, Function<String, String> systemProperties,
                           Function<String, String> environment) {
    /** {@code initParams}, then this JVM's system properties, then this process's environment. */
    public static ConfigSource of(Function<String, String> initParams) {
        return new ConfigSource(initParams, System::getProperty, System::getenv);
    }

    /** The trimmed value {@code key} is given, or null when no source sets it. */
    public String lookup(Key<?> key) {
        String value = initParams.apply(key.name());
        if (isBlank(value)) {
            value = systemProperties.apply(key.name());
        }
        if (isBlank(value)) {
            value = environment.apply(key.environmentName());
        }
        return isBlank(value) ? null : value.trim();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
