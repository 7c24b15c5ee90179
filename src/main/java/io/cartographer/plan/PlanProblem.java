package io.cartographer.plan;

/**
 * One thing wrong with a plan.
 *
 * @param path where, e.g. {@code endpoints[2].variants[0].load.concurrency}
 * @param message what, e.g. {@code must be >= 1}
 */
public record PlanProblem(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
