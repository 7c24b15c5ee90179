package io.cartographer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Window limits in plans: how they resolve and merge, and every way they can be wrong. */
class WindowPlanTest {

  private static final String PLAN =
      """
      name: windows
      target: {base-url: 'http://127.0.0.1:8080'}
      defaults:
        thresholds:
          max-p99: 1s
          windows:
            - {max-p99: 500ms, window: 10s, abort-on-fail: true, grace: 5s}
            - {max-error-rate: 0.05, window: 5s, abort-on-fail: true, abort: run}
      endpoints:
        - name: items
          path: /items
          variants:
            - name: inherits
            - name: own
              thresholds:
                windows: [{max-p50: 20ms, window: 3s}]
            - name: none
              thresholds: {max-p99: 2s}
      """;

  private static Plan parse(String yaml) throws InvalidPlanException {
    return PlanProblems.parse(yaml);
  }

  private static List<String> problems(String yaml) {
    return PlanProblems.of(yaml);
  }

  @Test
  void windowsResolveWithTheirDefaultsAndAVariantsListReplacesTheInheritedOne() throws Exception {
    Plan plan = parse(PLAN);
    List<WindowThreshold> inherited = plan.variants().get(0).thresholds().windowLimits();
    assertEquals(List.of(
        new WindowThreshold(WindowThreshold.Metric.P99, 500_000, Duration.ofSeconds(10), true,
            WindowThreshold.Scope.VARIANT, Duration.ofSeconds(5)),
        new WindowThreshold(WindowThreshold.Metric.ERROR_RATE, 0.05, Duration.ofSeconds(5), true,
            WindowThreshold.Scope.RUN, Duration.ZERO)), inherited);
    assertEquals(List.of(new WindowThreshold(WindowThreshold.Metric.P50, 20_000, Duration.ofSeconds(3), false,
        WindowThreshold.Scope.VARIANT, Duration.ZERO)), plan.variants().get(1).thresholds().windowLimits());
    assertEquals(inherited, plan.variants().get(2).thresholds().windowLimits(),
        "a variant that sets other limits keeps the inherited windows");
    assertEquals(Duration.ofSeconds(2), plan.variants().get(2).thresholds().maxP99());
  }

  @Test
  void windowsAreNotPartOfTheDefinitionDigest() throws Exception {
    Plan plan = parse(PLAN);
    Plan changed = parse(PLAN.replace("max-p99: 500ms, window: 10s", "max-p99: 400ms, window: 20s"));
    assertEquals(plan.variants().get(0).definitionDigest(), changed.variants().get(0).definitionDigest());
  }

  static Stream<Arguments> badWindows() {
    String first = "{max-p99: 500ms, window: 10s, abort-on-fail: true, grace: 5s}";
    String at = "defaults.thresholds.windows[0]";
    return Stream.of(
        Arguments.of("two limits", first, "{max-p99: 500ms, max-p50: 1ms, window: 10s}",
            at + ": a window judges one limit: max-p50, max-p90, max-p99 or max-error-rate, found [max-p50, max-p99]"),
        Arguments.of("no limit", first, "{window: 10s}",
            at + ": a window judges one limit: max-p50, max-p90, max-p99 or max-error-rate"),
        Arguments.of("no window", first, "{max-p99: 500ms}",
            at + ".window: is required: the seconds each judgement covers (e.g. 10s)"),
        Arguments.of("part of a second", first, "{max-p99: 500ms, window: 1500ms}",
            at + ".window: must be whole seconds: the timeline's intervals are one second long"),
        Arguments.of("abort without abort-on-fail", first, "{max-p99: 500ms, window: 10s, abort: run}",
            at + ".abort: says what abort-on-fail stops: set abort-on-fail: true with it"),
        Arguments.of("unknown scope", first, "{max-p99: 500ms, window: 10s, abort-on-fail: true, abort: all}",
            at + ".abort: 'all' is neither variant nor run"),
        Arguments.of("rate above one", first, "{max-error-rate: 1.5, window: 10s}",
            at + ".max-error-rate: must be a number from 0 to 1, found 1.5"),
        Arguments.of("unknown key", first, "{max-p99: 500ms, window: 10s, delay: 1s}",
            at + ".delay: unknown field (allowed: abort, abort-on-fail, grace, max-error-rate, max-p50, max-p90, max-p99, window)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badWindows")
  void badWindowsNameTheirField(String caseName, String from, String to, String expected) {
    String yaml = PLAN.replace(from, to);
    assertNotEquals(PLAN, yaml, caseName);
    List<String> problems = problems(yaml);
    assertTrue(problems.contains(expected), caseName + ": " + problems);
    assertEquals(1, problems.size(), caseName + ": one problem, not a cascade: " + problems);
  }
}
