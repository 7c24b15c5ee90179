package io.cartographer.cli;

import io.cartographer.passport.Passport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a variant's threshold reasons leave out, in one line for the CLI table and the Markdown
 * summary: its most frequent error kind with a sample ({@code status: status 503 (expected 200)},
 * {@code connect: Connection refused}), the statuses it got when any differs from the expected
 * one, and, where it was so, that the probe itself was saturated. Empty when there is nothing to
 * add.
 */
final class FailureCause {

  static final String SATURATED = "probe saturated: figures are the probe's limit, not the target's";
  private static final int MAX_SAMPLE_CHARS = 120;
  private static final int MAX_STATUSES = 4;

  private FailureCause() {}

  static String of(Passport.TestResult r) {
    List<String> parts = new ArrayList<>();
    r.errors().entrySet().stream().filter(e -> e.getValue() > 0).max(Map.Entry.comparingByValue()).ifPresent(top -> {
      String sample = r.errorSamples().get(top.getKey());
      parts.add(String.format(Locale.ROOT, "top error %s x%d%s", top.getKey(), top.getValue(),
          sample == null ? "" : ": " + clip(sample)));
    });
    boolean unexpected = r.statusCounts().keySet().stream().anyMatch(s -> !s.equals(Integer.toString(r.expectedStatus())));
    if (unexpected) {
      List<String> statuses = r.statusCounts().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(MAX_STATUSES)
          .map(e -> e.getKey() + " x" + e.getValue())
          .toList();
      parts.add("statuses " + String.join(", ", statuses)
          + (r.statusCounts().size() > MAX_STATUSES ? ", ..." : "") + " (expected " + r.expectedStatus() + ")");
    }
    if (r.probeSaturated()) {
      parts.add(SATURATED);
    }
    return String.join("; ", parts);
  }

  /**
   * What a row says after its verdict: for a failure, its threshold reasons and then {@link #of};
   * for a pass, only that the probe was saturated where it was; otherwise empty.
   */
  static String why(Passport.TestResult r) {
    if (r.verdict().passed()) {
      return r.probeSaturated() ? SATURATED : "";
    }
    String cause = of(r);
    return cause.isEmpty() ? r.reason() : r.reason() + "; " + cause;
  }

  private static String clip(String sample) {
    String line = sample.replace('\n', ' ').replace('\r', ' ');
    return line.length() <= MAX_SAMPLE_CHARS ? line : line.substring(0, MAX_SAMPLE_CHARS - 3) + "...";
  }
}
