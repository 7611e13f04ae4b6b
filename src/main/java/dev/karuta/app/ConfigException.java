package dev.karuta.app;

/** Invalid configuration; the message names the key. Fails the deployment. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code value} of {@code key} is refused for {@code problem}; for values that may be shown. */
    public ConfigException(String key, String value, String problem) {
        super("invalid value for " + key + " ('" + value + "'): " + problem);
    }

    /** {@code keys} (one or several) are refused for {@code problem}, without quoting any value. */
    public ConfigException(String keys, String problem) {
        super("invalid configuration of " + keys + ": " + problem);
    }
}
