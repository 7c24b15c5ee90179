package io.cartographer.plan;

import java.util.List;
import java.util.stream.Collectors;

/** A plan could not be used; carries every problem found, each with its field path. */
public final class InvalidPlanException extends Exception {

  private final transient List<PlanProblem> problems;
  private final String source;

  public InvalidPlanException(String source, List<PlanProblem> problems) {
    super(
        "invalid plan "
            + source
            + ":\n  "
            + problems.stream().map(PlanProblem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
    this.source = source;
  }

  /** Where the plan came from: a file, the built-in demo plan, a request. */
  public String source() {
    return source;
  }

  public List<PlanProblem> problems() {
    return problems;
  }
}
