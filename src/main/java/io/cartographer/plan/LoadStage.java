package io.cartographer.plan;

import java.time.Duration;

/**
 * One stage of a staged load: over {@code duration} the load moves in a straight line from where
 * the previous stage ended (the first: from the load's {@code rate} or {@code concurrency}) to
 * {@code target}: requests per second in the open model, connections in the closed one.
 *
 * @param measure whether its requests count in the variant's figures, thresholds and comparisons;
 *     a stage that is only a ramp can be left out, as a warm-up is
 */
public record LoadStage(Duration duration, double target, boolean measure) {}
