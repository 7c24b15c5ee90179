package io.cartographer.plan;

import java.time.Duration;

/**
 * The capacity model: open-model steps of {@code step} each, at rates that grow from {@code from}
 * (doubling) until one breaks the variant's limits or {@code to} holds, then bisect between the last
 * rate that held and the first that did not until they are within {@code precision} of each other.
 * The capacity is the highest rate that held.
 *
 * @param precision the bounds' relative distance to stop at, {@code hi / lo - 1}
 */
public record CapacitySettings(double from, double to, Duration step, double precision) {}
