/**
 * The embedded demo target: a small deterministic ledger ("MathLedger") served under {@code /demo}
 * by the application's own HTTP server when {@code cartographer.demo.enabled} is true, and the
 * built-in plan that probes it. Everything a response needs is computed once at startup, so the
 * handlers, which run on the Vert.x event loop, only pick precomputed bytes. Depends on {@code
 * config} only; nothing else of ours depends on it except to read {@link
 * io.cartographer.demo.DemoPlan} and {@link io.cartographer.demo.DemoRoutes#BASE_PATH}.
 */
package io.cartographer.demo;
