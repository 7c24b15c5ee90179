package io.cartographer.api;

/** The {@code limit} query parameter of the listing endpoints. */
final class QueryLimits {

  private QueryLimits() {}

  /** {@code text} as a whole number from 1 to {@code max}; {@code fallback} when absent. */
  static int parse(String text, int fallback, int max) {
    if (text == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("limit: must be a whole number from 1 to " + max + ", got '" + text + "'");
  }
}
