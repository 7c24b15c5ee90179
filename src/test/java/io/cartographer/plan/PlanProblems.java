package io.cartographer.plan;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

/** Plans from YAML for tests, and the problems of one that must not load. */
final class PlanProblems {

  private PlanProblems() {}

  static Plan parse(String yaml) throws InvalidPlanException {
    return new PlanLoader().parse(yaml, "test", false, null);
  }

  /** The problems of {@code yaml}, each as {@code path: message}; fails when it loads. */
  static List<String> of(String yaml) {
    return assertThrows(InvalidPlanException.class, () -> parse(yaml)).problems().stream()
        .map(PlanProblem::toString).toList();
  }
}
