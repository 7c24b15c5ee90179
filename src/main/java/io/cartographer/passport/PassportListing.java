package io.cartographer.passport;

/**
 * One line of a passport listing: enough to choose a passport without reading it whole. A file
 * that does not parse is listed with {@code damaged} saying why, and nothing else. {@code
 * regressions} counts the variants with a performance or memory regression; {@code null} when the
 * run was not compared.
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record PassportListing(
    String id,
    String runId,
    Passport.Status status,
    String plan,
    String startedAt,
    String finishedAt,
    io.cartographer.verdict.Verdict verdict,
    Integer variants,
    Integer failed,
    Integer regressions,
    String damaged) {

  static PassportListing damaged(String id, String reason) {
    return new PassportListing(id, null, null, null, null, null, null, null, null, null, reason);
  }

  /** A complete, passing run without regressions: what a plan's default baseline may be. */
  public boolean isCleanPass() {
    return damaged == null
        && status == Passport.Status.COMPLETE
        && verdict == io.cartographer.verdict.Verdict.PASS
        && (regressions == null || regressions == 0);
  }
}
