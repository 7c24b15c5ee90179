package io.cartographer.verdict;

/**
 * One limit compared with one measured figure.
 *
 * @param metric e.g. {@code p99_ms} or {@code error_rate}
 * @param limit the largest allowed value
 * @param actual the measured value, or {@code null} when it could not be measured
 * @param passed whether {@code actual} is within {@code limit}
 * @param reason a sentence a person reads in a summary
 */
public record ThresholdCheck(String metric, double limit, Double actual, boolean passed, String reason) {}
