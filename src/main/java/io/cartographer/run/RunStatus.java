package io.cartographer.run;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A snapshot of a run for {@code GET /runs/{id}} and progress lines.
 *
 * @param passportId set once the passport is stored
 * @param verdict PASS or FAIL once done
 * @param error why the run failed, when it did
 */
@RegisterForReflection
public record RunStatus(
    String id,
    RunState state,
    String trigger,
    String startedAt,
    String finishedAt,
    Progress progress,
    String passportId,
    String passportPath,
    io.cartographer.verdict.Verdict verdict,
    String error) {

  /**
   * How far a run has come.
   *
   * @param currentVariant {@code endpoint/variant} now running, or {@code null}
   * @param requestsDone recorded requests completed so far, over all variants
   * @param liveRps completed requests per second of the current variant
   */
  @RegisterForReflection
  public record Progress(
      int variantsDone,
      int variantsTotal,
      String currentVariant,
      long requestsDone,
      long errors,
      double liveRps) {}
}
