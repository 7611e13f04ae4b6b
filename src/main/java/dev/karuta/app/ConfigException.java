package dev.karuta.app;

/** Invalid configuration; the message names the key. Fails the deployment. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String key, String value, String problem) {
        super("invalid value for " + key + " ('" + value + "'): " + problem);
    }

    ConfigException(String keys, String problem) {
        super("invalid configuration of " + keys + ": " + problem);
    }
}
