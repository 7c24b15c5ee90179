/**
 * Verdicts: judges each {@link io.cartographer.load.VariantResult} against its thresholds and
 * sums the run up as PASS or FAIL, and compares runs with their baselines; states are enums with
 * the names passports write. Depends on {@code plan}, {@code load} and {@code memory}; pure functions of
 * their data, no I/O.
 */
package io.cartographer.verdict;
