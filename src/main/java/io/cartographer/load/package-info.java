/**
 * The load engine: runs one {@link io.cartographer.plan.Variant} against the target and returns a
 * {@link io.cartographer.load.VariantResult} (counts, classified errors, latency histograms).
 * HTTP/1.1 goes over a lean transport of its own on Vert.x sockets (pre-encoded request bytes,
 * connections owned by one event loop each, a state-machine response parser over Netty's
 * buffers); HTTP/2 over the Vert.x HTTP client. Depends on {@code plan}; knows nothing of
 * verdicts, passports or the API. Nothing here blocks an event loop, and nothing keeps
 * per-request data: latency goes into HdrHistograms, counts into plain counters owned by one
 * event loop each. On the HTTP/1.1 path nothing is allocated per request either: exchanges are
 * reused by their owners, a connection keeps one deadline timer and one view of the request bytes.
 * Load over time: a staged load's {@link io.cartographer.load.RampSchedule} sets the open model's
 * send times and the closed model's connections; every variant's measured phase is cut into
 * one-second intervals ({@link io.cartographer.load.TimelineRecorder}, on a ticker thread reading
 * per-context interval recorders), where its window limits are judged and may stop the load.
 * Before the first variant of a process the engine loads a loopback server of its own
 * ({@link io.cartographer.load.SelfWarmUp}), so that no figure includes the probe's cold JIT.
 * {@link io.cartographer.load.ReadBufferCache} sizes Netty's per-thread buffer cache for the
 * engine's largest reads; the entry point applies it before Netty starts.
 */
package io.cartographer.load;
