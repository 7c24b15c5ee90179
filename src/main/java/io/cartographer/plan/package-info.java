/**
 * The plan: what to probe. Immutable records ({@link io.cartographer.plan.Plan}, {@link
 * io.cartographer.plan.Variant}, ...), the loader that reads YAML or JSON into them and reports
 * every problem at once with its field path: load settings with their stages, thresholds with
 * their windows. Depends on
 * nothing of ours; every later stage reads plans.
 */
package io.cartographer.plan;
