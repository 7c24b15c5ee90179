package io.cartographer.demo;

import java.util.regex.Pattern;

/** The {@code limit} query parameter of {@code /demo/statements}: how many statements to return. */
final class StatementLimit {

  static final int DEFAULT = 100;
  static final int MAX = MathLedger.STATEMENT_COUNT;

  // Plain digits only: Integer.parseInt would also take "+5", and nine digits cannot overflow.
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  private StatementLimit() {}

  /**
   * The limit written as {@code text}, or {@link #DEFAULT} when the parameter is absent.
   *
   * @throws IllegalArgumentException with the message the client gets, when it is not a whole
   *     number from 0 to {@link #MAX}
   */
  static int parse(String text) {
    if (text == null) {
      return DEFAULT;
    }
    int limit = DIGITS.matcher(text).matches() ? Integer.parseInt(text) : -1;
    if (limit < 0 || limit > MAX) {
      throw new IllegalArgumentException(
          "limit must be a whole number from 0 to " + MAX + ", got '" + text + "'");
    }
    return limit;
  }
}
