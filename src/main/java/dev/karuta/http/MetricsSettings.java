package dev.karuta.http;

/**
 * The {@code /metrics} endpoint's settings.
 *
 * @param enabled   whether {@code /metrics} serves the Prometheus metrics (otherwise it answers 404)
 * @param allowFrom client addresses and CIDR networks allowed to read them; empty allows everyone.
 *                  Matched like trusted proxies, against the client address after trusted-proxy headers.
 */
public record MetricsSettings(boolean enabled, TrustedProxies allowFrom) {
}
