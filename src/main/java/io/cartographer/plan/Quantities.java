package io.cartographer.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human units plans are written in: durations such as {@code 500ms}, {@code 10s},
 * {@code 1.5m}, and sizes such as {@code 10MiB} (binary) or {@code 10MB} (decimal).
 */
public final class Quantities {

  private static final Pattern NUMBER_AND_UNIT =
      Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)\\s*$");
  private static final Duration LONGEST = Duration.ofDays(365);
  private static final Pattern RATE = Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*/\\s*([smh])\\s*$");

  private Quantities() {}

  /**
   * Parses {@code 250us}, {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static Duration duration(String text) {
    Matcher m = match(text, "a duration such as 500ms, 10s or 2m");
    BigDecimal amount = new BigDecimal(m.group(1));
    long nanosPerUnit =
        switch (m.group(2)) {
          case "us", "µs" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          case "" -> throw new IllegalArgumentException(
              "'" + text + "' has no unit: write e.g. 500ms, 10s or 2m");
          default -> throw new IllegalArgumentException(
              "'" + text + "' has an unknown unit '" + m.group(2) + "' (use us, ms, s, m or h)");
        };
    BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
    if (nanos.compareTo(BigDecimal.valueOf(LONGEST.toNanos())) > 0) {
      throw new IllegalArgumentException("'" + text + "' is longer than 365 days");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /**
   * Parses {@code 512B}, {@code 64KiB}, {@code 10MiB}, {@code 1GiB}, {@code 10MB}, {@code 1kB}.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static long bytes(String text) {
    Matcher m = match(text, "a size such as 512KiB or 10MiB");
    BigDecimal amount = new BigDecimal(m.group(1));
    long unit =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "b" -> 1L;
          case "kib" -> 1L << 10;
          case "mib" -> 1L << 20;
          case "gib" -> 1L << 30;
          case "kb" -> 1_000L;
          case "mb" -> 1_000_000L;
          case "gb" -> 1_000_000_000L;
          case "" -> throw new IllegalArgumentException(
              "'" + text + "' has no unit: write e.g. 512KiB or 10MiB");
          default -> throw new IllegalArgumentException(
              "'" + text + "' has an unknown unit '" + m.group(2) + "' (use B, KiB, MiB, GiB, kB, MB or GB)");
        };
    BigDecimal value = amount.multiply(BigDecimal.valueOf(unit));
    if (value.compareTo(BigDecimal.valueOf(1L << 50)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is larger than 1 PiB");
    }
    return value.longValue();
  }

  /**
   * Parses {@code 1KiB/request}, {@code 512B/request} or {@code 1MiB/1000requests} into bytes per
   * request.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static double growth(String text) {
    String[] amountAndPer = perRequests(text, "a growth such as 1KiB/request or 1MiB/1000requests");
    return bytes(amountAndPer[0]) / Double.parseDouble(amountAndPer[1]);
  }

  /**
   * Parses a count per request, {@code 0.01/request} or {@code 1/1000requests}, into a count per
   * request.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static double countPerRequest(String text) {
    String[] amountAndPer = perRequests(text, "a count per request such as 1/1000requests or 0.01/request");
    if (!amountAndPer[0].matches("\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException("'" + text + "' is not a count per request such as 1/1000requests or 0.01/request");
    }
    return Double.parseDouble(amountAndPer[0]) / Double.parseDouble(amountAndPer[1]);
  }

  /** {@code [amount, requests]} of {@code amount/request} or {@code amount/1000requests}. */
  private static String[] perRequests(String text, String expected) {
    if (text != null && text.endsWith("/request")) {
      return new String[] {text.substring(0, text.length() - "/request".length()), "1"};
    }
    if (text != null && text.endsWith("/1000requests")) {
      return new String[] {text.substring(0, text.length() - "/1000requests".length()), "1000"};
    }
    throw new IllegalArgumentException("'" + text + "' is not " + expected);
  }

  /**
   * Parses {@code 2000/s}, {@code 120/m} or {@code 5/h} into requests per second.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static double rate(String text) {
    Matcher m = text == null ? null : RATE.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a rate such as 2000/s or 120/m");
    }
    double amount = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "s" -> amount;
      case "m" -> amount / 60;
      default -> amount / 3600;
    };
  }

  /** Formats a duration the way plans write it, e.g. {@code 1.5s}, {@code 250ms}. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos % 3_600_000_000_000L == 0 && nanos > 0) {
      return nanos / 3_600_000_000_000L + "h";
    }
    if (nanos % 60_000_000_000L == 0 && nanos > 0) {
      return nanos / 60_000_000_000L + "m";
    }
    if (nanos >= 1_000_000_000L) {
      return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
    }
    if (nanos >= 1_000_000L) {
      return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
    }
    return BigDecimal.valueOf(nanos, 3).stripTrailingZeros().toPlainString() + "us";
  }

  private static Matcher match(String text, String expected) {
    if (text == null) {
      throw new IllegalArgumentException("missing: expected " + expected);
    }
    Matcher m = NUMBER_AND_UNIT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not " + expected);
    }
    return m;
  }
}
