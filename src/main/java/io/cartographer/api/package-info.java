/**
 * The HTTP API: thin JAX-RS resources that parse, delegate to {@code run} and {@code passport},
 * and map errors to {@code application/problem+json}; plus the readiness checks. Depends on
 * every lower layer; nothing depends on it.
 */
package io.cartographer.api;
