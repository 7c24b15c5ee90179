/**
 * The load engine: runs one {@link io.cartographer.plan.Variant} against the target with Vert.x
 * HTTP clients and returns a {@link io.cartographer.load.VariantResult} (counts, classified
 * errors, latency histograms). Depends on {@code plan}; knows nothing of verdicts, passports or
 * the API. Nothing here blocks an event loop, and nothing keeps per-request data: latency goes
 * into HdrHistograms, counts into plain counters owned by one event loop each.
 */
package io.cartographer.load;
