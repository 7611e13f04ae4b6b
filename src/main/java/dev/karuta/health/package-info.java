/**
 * The health endpoints, {@code /health/live} and {@code /health/ready}: whether the node is up, and
 * whether each of its parts (the swarm registry, the UDP sockets, private mode's accounts store) lets
 * it serve now, read from state the node keeps anyway, never with a database round trip
 * ({@code docs/health.md}).
 */
package dev.karuta.health;
