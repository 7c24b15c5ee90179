package io.cartographer.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.load.TestResults;
import io.cartographer.memory.GrowthSlope;
import io.cartographer.memory.TargetMemory;
import io.cartographer.plan.Determinism;
import io.cartographer.plan.LoadModel;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Thresholds;
import io.cartographer.plan.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ThresholdJudgeTest {

  private static Variant variant(Thresholds t) {
    return io.cartographer.testing.TestVariants.variant().thresholds(t).build();
  }

  private static final TargetMemory NO_MEMORY = TargetMemory.notMeasured("no metrics endpoint");

  private static VariantVerdict judge(io.cartographer.load.VariantResult result) {
    return ThresholdJudge.judge(result, NO_MEMORY);
  }

  private static final long[] ONE_TO_HUNDRED_MS = LongStream.rangeClosed(1, 100).map(i -> i * 1000).toArray();

  @Test
  void passesWhenEveryLimitIsMet() {
    VariantVerdict v = judge(TestResults.of(
        variant(new Thresholds(Duration.ofMillis(60), Duration.ofMillis(100), 0.0, null, null)), 0, ONE_TO_HUNDRED_MS));
    assertTrue(v.passed(), v.reason());
    assertEquals(List.of("p50_ms", "p99_ms", "error_rate"), v.checks().stream().map(ThresholdCheck::metric).toList());
    assertEquals("all thresholds met", v.reason());
  }

  @Test
  void failsOnP99AndSaysByHowMuch() {
    VariantVerdict v = judge(TestResults.of(
        variant(new Thresholds(null, Duration.ofMillis(50), null, null, null)), 0, ONE_TO_HUNDRED_MS));
    assertFalse(v.passed());
    assertEquals("p99 99.007 ms above limit 50ms", v.reason());
  }

  @Test
  void failsOnErrorRateAboveTheLimit() {
    VariantVerdict v = judge(TestResults.of(variant(new Thresholds(null, null, 0.01, null, null)), 2, ONE_TO_HUNDRED_MS));
    assertFalse(v.passed());
    assertEquals("error rate 1.96% above limit 1.00% (2 of 102 failed)", v.reason());
  }

  @Test
  void latencyLimitWithNothingToMeasureFails() {
    VariantVerdict v = judge(TestResults.of(variant(new Thresholds(null, Duration.ofMillis(50), null, null, null)), 5));
    assertFalse(v.passed());
    assertNull(v.checks().get(0).actual());
    assertEquals("p99 not measured: no successful request", v.reason());
  }

  private static final Thresholds MEMORY_LIMITS = new Thresholds(null, null, null, 1_000L, 50_000L);

  private static TargetMemory memory(Long before, Long after, Long peak) {
    return new TargetMemory("http://127.0.0.1:1/metrics", "process_resident_memory_bytes", before, after, peak,
        before == null || after == null ? null : after - before, 3, 0, null,
        io.cartographer.memory.GrowthSlope.notMeasured("not read in this test"));
  }

  private static TargetMemory growing(java.util.List<io.cartographer.memory.GrowthSlope.Point> points) {
    return new TargetMemory("http://127.0.0.1:1/metrics", "process_resident_memory_bytes", 1L, 1L, 1L, 0L,
        points.size(), 0, null, io.cartographer.memory.GrowthSlope.fit(points));
  }

  private static io.cartographer.memory.GrowthSlope.Point point(long requests, long bytes) {
    return new io.cartographer.memory.GrowthSlope.Point(requests, bytes);
  }

  @Test
  void aLeakIsDeclaredOnlyWhenTheWholeIntervalOfTheGrowthIsAboveTheLimit() {
    Thresholds limit = new Thresholds(null, null, null, null, null, 1024.0, null, null, null, null, null);
    var variant = variant(limit);
    // 4 KiB per request, a little noise: the interval lies well above 1 KiB.
    VariantVerdict leak = ThresholdJudge.judge(TestResults.of(variant, 0, ONE_TO_HUNDRED_MS), growing(java.util.List.of(
        point(0, 100_000_000), point(1000, 104_100_000), point(2000, 108_150_000), point(3000, 112_300_000),
        point(4000, 116_350_000), point(5000, 120_500_000))));
    assertFalse(leak.passed(), leak.reason());
    assertTrue(leak.reason().contains("a leak"), leak.reason());
    // Flat but noisy: a slope above the limit by chance, with an interval reaching far below it.
    VariantVerdict noisy = ThresholdJudge.judge(TestResults.of(variant, 0, ONE_TO_HUNDRED_MS), growing(java.util.List.of(
        point(0, 100_000_000), point(1000, 109_000_000), point(2000, 97_000_000), point(3000, 108_000_000),
        point(4000, 96_000_000), point(5000, 110_000_000))));
    assertTrue(noisy.passed(), noisy.reason());
    VariantVerdict unread = ThresholdJudge.judge(TestResults.of(variant, 0, ONE_TO_HUNDRED_MS), growing(java.util.List.of(
        point(0, 1), point(10, 2))));
    assertFalse(unread.passed(), "a limit with no growth figure has not been shown to hold");
    assertTrue(unread.reason().contains("3 or more are needed"), unread.reason());
  }

  @Test
  void memoryWithinItsLimitsPasses() {
    VariantVerdict v = ThresholdJudge.judge(
        TestResults.of(variant(MEMORY_LIMITS), 0, ONE_TO_HUNDRED_MS), memory(40_000L, 40_500L, 41_000L));
    assertTrue(v.passed(), v.reason());
    assertFalse(v.failed(ThresholdCheck.Category.MEMORY));
  }

  @Test
  void memoryGrowthAndPeakAboveTheirLimitsFailAsMemory() {
    VariantVerdict v = ThresholdJudge.judge(
        TestResults.of(variant(MEMORY_LIMITS), 0, ONE_TO_HUNDRED_MS), memory(40_000L, 42_000L, 60_000L));
    assertFalse(v.passed());
    assertTrue(v.failed(ThresholdCheck.Category.MEMORY));
    assertFalse(v.failed(ThresholdCheck.Category.LATENCY));
    assertEquals(
        "target memory delta 2000 bytes above limit 1000 bytes; target memory peak 60000 bytes above limit 50000 bytes",
        v.reason());
  }

  @Test
  void memoryLimitWithoutAReadingFails() {
    VariantVerdict v = ThresholdJudge.judge(
        TestResults.of(variant(MEMORY_LIMITS), 0, ONE_TO_HUNDRED_MS), TargetMemory.notMeasured("not measured: refused"));
    assertFalse(v.passed());
    assertTrue(v.reason().startsWith("target memory delta not measured: not measured: refused"), v.reason());
  }

  @Test
  void summaryCountsMemoryFailuresApartFromLatencyOnes() {
    VariantVerdict slow = judge(TestResults.of(variant(new Thresholds(null, Duration.ofMillis(1), null, null, null)), 0, ONE_TO_HUNDRED_MS));
    VariantVerdict bloated = ThresholdJudge.judge(
        TestResults.of(variant(MEMORY_LIMITS), 0, ONE_TO_HUNDRED_MS), memory(1L, 5_000L, 5_000L));
    RunVerdict run = RunVerdict.of(List.of(slow, bloated, slow));
    assertEquals(2, run.failuresByCategory().get(ThresholdCheck.Category.LATENCY));
    assertEquals(1, run.failuresByCategory().get(ThresholdCheck.Category.MEMORY));
    assertEquals(0, run.failuresByCategory().get(ThresholdCheck.Category.ERRORS));
  }

  @Test
  void runPassesOnlyWhenEveryVariantPassed() {
    VariantVerdict pass = new VariantVerdict(true, List.of());
    VariantVerdict fail = new VariantVerdict(false, List.of());
    assertEquals(Verdict.PASS, RunVerdict.of(List.of(pass, pass)).verdict());
    RunVerdict mixed = RunVerdict.of(List.of(pass, fail));
    assertEquals(List.of(2, 1, 1), List.of(mixed.variants(), mixed.passed(), mixed.failed()));
    assertEquals(Verdict.FAIL, RunVerdict.of(List.of(pass, fail)).verdict());
  }

  private static io.cartographer.memory.TargetEfficiency efficiency(Double cpuPer1k, Double alloc, String unit,
      Double pauseMsPer1k, Long fds) {
    return efficiency(cpuPer1k, alloc, unit, pauseMsPer1k, fds, GrowthSlope.notMeasured("not read in this test"));
  }

  private static io.cartographer.memory.TargetEfficiency efficiency(Double cpuPer1k, Double alloc, String unit,
      Double pauseMsPer1k, Long fds, GrowthSlope fdGrowth) {
    return new io.cartographer.memory.TargetEfficiency("go", 10_000, 2.0, cpuPer1k, null, "process_cpu_seconds_total",
        alloc, unit, "series", 1.0, pauseMsPer1k, "go_gc_duration_seconds_count", fds, "process_open_fds", fdGrowth,
        cpuPer1k == null ? Map.of("cpu", "the target exposes none of [process_cpu_seconds_total]") : Map.of());
  }

  @Test
  void aDescriptorLeakIsTheWholeIntervalOfTheDescriptorSlopeAboveTheLimit() {
    // At most 1 descriptor per 1,000 requests.
    Thresholds limits = new Thresholds(null, null, null, null, null, null, null, null, null, null, 0.001);
    var result = TestResults.of(variant(limits), 0, ONE_TO_HUNDRED_MS);
    // One descriptor every 100 requests (10 per 1,000), a little scatter.
    GrowthSlope leaking = GrowthSlope.fit(List.of(new GrowthSlope.Point(0, 40), new GrowthSlope.Point(1000, 51),
        new GrowthSlope.Point(2000, 60), new GrowthSlope.Point(3000, 71), new GrowthSlope.Point(4000, 80)));
    VariantVerdict leak = ThresholdJudge.judge(result, NO_MEMORY, efficiency(0.2, 2000.0, "bytes", 2.0, 40L, leaking));
    assertFalse(leak.passed(), leak.reason());
    assertTrue(leak.failed(ThresholdCheck.Category.EFFICIENCY));
    assertTrue(leak.reason().startsWith("target open descriptors grew 10.00 per 1,000 requests (95% interval"),
        leak.reason());
    assertTrue(leak.reason().endsWith("a leak, all of it above 1.00 per 1,000 requests"), leak.reason());
    // A connection or two opened and closed between readings: scatter, no slope.
    GrowthSlope steady = GrowthSlope.fit(List.of(new GrowthSlope.Point(0, 40), new GrowthSlope.Point(1000, 42),
        new GrowthSlope.Point(2000, 40), new GrowthSlope.Point(3000, 41), new GrowthSlope.Point(4000, 40)));
    VariantVerdict clean = ThresholdJudge.judge(result, NO_MEMORY, efficiency(0.2, 2000.0, "bytes", 2.0, 0L, steady));
    assertTrue(clean.passed(), clean.reason());
    VariantVerdict unread = ThresholdJudge.judge(result, NO_MEMORY, efficiency(0.2, 2000.0, "bytes", 2.0, 0L,
        GrowthSlope.notMeasured("no round-end reading had any of [process_open_fds]")));
    assertFalse(unread.passed(), "a limit with no slope has not been shown to hold");
    assertTrue(unread.reason().contains("target open descriptors growth not measured: no round-end reading"),
        unread.reason());
  }

  @Test
  void efficiencyLimitsAreJudgedOnTheTargetsCountersAndAnUnmeasuredOneFails() {
    Thresholds limits = new Thresholds(null, null, null, null, null, null, Duration.ofNanos(500_000), 4096L, 0.01, 2L, null);
    var result = TestResults.of(variant(limits), 0, ONE_TO_HUNDRED_MS);
    // 0.2 CPU s per 1,000 requests is 0.2 ms each; 0.02 s of pauses over 2 s is 1 %.
    VariantVerdict within = ThresholdJudge.judge(result, NO_MEMORY, efficiency(0.2, 2000.0, "bytes", 2.0, 1L));
    assertTrue(within.passed(), within.reason());
    assertEquals(4, within.checks().stream().filter(c -> c.category() == ThresholdCheck.Category.EFFICIENCY).count());

    VariantVerdict costly = ThresholdJudge.judge(result, NO_MEMORY, efficiency(0.9, 9000.0, "bytes", 2.0, 7L));
    assertFalse(costly.passed());
    assertTrue(costly.reason().contains("target CPU 0.9000 ms per request above limit 0.5000 ms"), costly.reason());
    assertTrue(costly.reason().contains("target allocation 9000 bytes per request above limit 4096 bytes"), costly.reason());
    assertTrue(costly.reason().contains("7 more open descriptors"), costly.reason());
    assertTrue(costly.failed(ThresholdCheck.Category.EFFICIENCY));

    VariantVerdict unmeasured = ThresholdJudge.judge(result, NO_MEMORY, efficiency(null, 50.0, "objects", null, 0L));
    assertFalse(unmeasured.passed(), "a limit without its figure has not been shown to hold");
    assertTrue(unmeasured.reason().contains("target CPU not measured: the target exposes none of"), unmeasured.reason());
    assertTrue(unmeasured.reason().contains("counts collected objects, not bytes"), unmeasured.reason());
  }
}
