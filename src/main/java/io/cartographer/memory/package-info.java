/**
 * Memory and resource sources: the target's memory read from its Prometheus or OpenMetrics
 * endpoint (with a strict parser of that text), and the probe's own heap, resident set, CPU and
 * event-loop lag. Every figure carries its source, and a figure that could not be read is absent
 * with a reason, never 0. Depends on nothing of ours.
 */
package io.cartographer.memory;
