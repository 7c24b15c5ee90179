package io.cartographer.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cartographer.memory.MetricsText.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds the parsers thousands of mutated documents from fixed seeds, so a failure reproduces. The
 * only acceptable outcomes are a result or the documented exception with a short reason; anything
 * else (a NumberFormatException, an index out of bounds, a hang) is a bug in a parser facing
 * untrusted input. The four time bounds add up to 5 s.
 */
class MetricsTextFuzzTest {

  private static final long[] SEEDS = {1L, 7L, 42L, 1_234_567L, 0xCAFEBABEL};
  private static final int MUTANTS_PER_SEED = 1_500;
  private static final String INTERESTING = "{}\",=\\# \t\n\r+-.eE0123456789aAzZ_:nNiIfF";
  private static final int LONGEST_REASON = 400;

  private static final List<String> PROMETHEUS_DOCUMENTS = List.of(
      MetricsTextTest.JVM_PROMETHEUS,
      "x 1\n",
      "# TYPE y summary\ny{quantile=\"0.5\"} 3 -12\ny_sum 1e3\ny_count 2\n",
      "a{b=\"c\\\\d\\n\"} -Inf\n\n  # comment\n");
  private static final List<String> OPENMETRICS_DOCUMENTS = List.of(
      MetricsTextTest.JVM_OPENMETRICS,
      "x 1\n# EOF\n",
      "# TYPE s stateset\ns{s=\"a\"} 1\ns{s=\"b\"} 0 12.5\n# EOF",
      "# HELP c_total A \\\"counter\\\"\nc_total{a=\"b\",} 1 # {t=\"1\"} 2 3\n# EOF\n");
  private static final List<String> SELECTORS = List.of(
      "process_resident_memory_bytes",
      "jvm_memory_used_bytes{area=\"heap\"}",
      "go_memstats_heap_inuse_bytes",
      "x{a=\"1\",b=\"2\"}",
      "x{ a = \"q\\\"\\n\\\\\" , }");

  @Test
  void mutatedPrometheusTextIsReadOrRejectedWithAReason() {
    assertTimeoutPreemptively(
        Duration.ofMillis(1000), () -> fuzzDocuments(PROMETHEUS_DOCUMENTS, false));
  }

  @Test
  void mutatedOpenMetricsTextIsReadOrRejectedWithAReason() {
    assertTimeoutPreemptively(
        Duration.ofMillis(1000), () -> fuzzDocuments(OPENMETRICS_DOCUMENTS, true));
  }

  @Test
  void mutatedSelectorsAreReadOrRejectedWithAReason() {
    assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
      int accepted = 0;
      int rejected = 0;
      for (long seed : SEEDS) {
        Random random = new Random(seed);
        for (int i = 0; i < MUTANTS_PER_SEED; i++) {
          String original = SELECTORS.get(random.nextInt(SELECTORS.size()));
          String mutant = mutate(random, original, SELECTORS);
          SeriesSelector selector;
          try {
            selector = SeriesSelector.parse(mutant);
          } catch (IllegalArgumentException e) {
            assertShortReason(e.getMessage(), mutant);
            rejected++;
            continue;
          } catch (RuntimeException e) {
            throw new AssertionError("selector " + show(mutant) + " threw " + e, e);
          }
          assertEquals(selector, SeriesSelector.parse(selector.toString()), show(mutant));
          accepted++;
        }
      }
      assertTrue(accepted > 0 && rejected > 0, accepted + " accepted, " + rejected + " rejected");
    });
  }

  /**
   * Huge tokens, deep escapes and hash-colliding series: a parser with a quadratic step (say, a
   * duplicate check whose buckets stay lists) takes seconds on these, not milliseconds.
   */
  @Test
  void pathologicalInputsFinishQuickly() {
    assertTimeoutPreemptively(Duration.ofMillis(2500), () -> {
      List<String> inputs = List.of(
          "x " + "9".repeat(2_000_000) + "\n",
          "x " + "1".repeat(1000) + "e" + "9".repeat(1_000_000) + "\n",
          "{".repeat(2_000_000),
          manyLabels(50_000),
          "x{a=\"" + "\\\\".repeat(1_000_000) + "\"} 1\n",
          "#".repeat(2_000_000) + "\n",
          "\n".repeat(2_000_000),
          labelledSamplesWithCollidingHashes(30_000));
      for (String input : inputs) {
        for (boolean openMetrics : new boolean[] {false, true}) {
          try {
            MetricsText.parse(input, openMetrics);
          } catch (MetricsFormatException e) {
            assertShortReason(e.getMessage(), input);
          }
        }
      }
    });
  }

  private static void fuzzDocuments(List<String> documents, boolean openMetrics) {
    int accepted = 0;
    int rejected = 0;
    for (long seed : SEEDS) {
      Random random = new Random(seed);
      for (int i = 0; i < MUTANTS_PER_SEED; i++) {
        String mutant = mutate(random, documents.get(random.nextInt(documents.size())), documents);
        MetricsText metrics;
        try {
          metrics = MetricsText.parse(mutant, openMetrics);
        } catch (MetricsFormatException e) {
          assertShortReason(e.getMessage(), mutant);
          rejected++;
          continue;
        } catch (RuntimeException | Error e) {
          throw new AssertionError("seed " + seed + ", mutant " + i + " " + show(mutant)
              + " threw " + e, e);
        }
        for (Sample sample : metrics.samples()) {
          assertTrue(MetricsText.isMetricName(sample.name()), sample.name());
          sample.labels().keySet().forEach(l -> assertTrue(MetricsText.isLabelName(l), l));
        }
        accepted++;
      }
    }
    assertTrue(accepted > 0 && rejected > 0, accepted + " accepted, " + rejected + " rejected");
  }

  /** Applies one to four random edits, each of a kind that broke some parser somewhere. */
  private static String mutate(Random random, String original, List<String> donors) {
    StringBuilder text = new StringBuilder(original);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
      switch (random.nextInt(10)) {
        case 0 -> {
          if (at < text.length()) {
            text.deleteCharAt(at);
          }
        }
        case 1 -> text.insert(at, INTERESTING.charAt(random.nextInt(INTERESTING.length())));
        case 2 -> {
          if (at < text.length()) {
            text.setCharAt(at, INTERESTING.charAt(random.nextInt(INTERESTING.length())));
          }
        }
        case 3 -> {
          int to = Math.min(text.length(), at + random.nextInt(20));
          text.insert(at, text.substring(at, to));
        }
        case 4 -> text.setLength(at);
        case 5 -> {
          String[] lines = donors.get(random.nextInt(donors.size())).split("\n", -1);
          text.insert(at, lines[random.nextInt(lines.length)] + (random.nextBoolean() ? "\n" : ""));
        }
        case 6 -> text.insert(at, (char) random.nextInt(Character.MAX_VALUE + 1));
        case 7 -> text.insert(at, new String(Character.toChars(random.nextInt(0x110000))));
        case 8 -> text.insert(at, (char) (random.nextBoolean() ? random.nextInt(0x20) : 0x7f));
        default -> {
          List<String> lines = new ArrayList<>(Arrays.asList(text.toString().split("\n", -1)));
          String moved = lines.remove(random.nextInt(lines.size()));
          lines.add(random.nextInt(lines.size() + 1), moved);
          text.setLength(0);
          text.append(String.join("\n", lines));
        }
      }
    }
    return text.toString();
  }

  private static String manyLabels(int count) {
    StringBuilder text = new StringBuilder("x{");
    for (int i = 0; i < count; i++) {
      text.append('l').append(i).append("=\"\",");
    }
    return text.append("} 1\n").toString();
  }

  /** Distinct label values whose String hash codes are all equal ("Aa" and "BB" collide). */
  private static String labelledSamplesWithCollidingHashes(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      StringBuilder value = new StringBuilder();
      for (int bit = 0; bit < 16; bit++) {
        value.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      text.append("x{v=\"").append(value).append("\"} 1\n");
    }
    return text.toString();
  }

  private static void assertShortReason(String reason, String input) {
    if (reason == null || reason.isBlank() || reason.length() > LONGEST_REASON) {
      fail("unhelpful reason " + show(reason) + " for " + show(input));
    }
  }

  private static String show(String s) {
    return s == null ? "null" : MetricsText.quote(s, 300);
  }
}
