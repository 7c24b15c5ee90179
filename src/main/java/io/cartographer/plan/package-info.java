/**
 * The plan: what to probe. Immutable records ({@link io.cartographer.plan.Plan}, {@link
 * io.cartographer.plan.Variant}, ...), the loader that reads YAML or JSON into them and reports
 * every problem at once with its field path. Depends on
 * {@code config} only; every later stage reads plans, nothing here knows of them.
 */
package io.cartographer.plan;
