package io.cartographer.passport;

/**
 * One line of a passport listing: enough to choose a passport without reading it whole. A file
 * that does not parse is listed with {@code damaged} saying why, and nothing else.
 */
public record PassportListing(
    String id,
    String runId,
    String status,
    String plan,
    String startedAt,
    String finishedAt,
    String verdict,
    Integer variants,
    Integer failed,
    String damaged) {

  static PassportListing damaged(String id, String reason) {
    return new PassportListing(id, null, null, null, null, null, null, null, null, reason);
  }
}
