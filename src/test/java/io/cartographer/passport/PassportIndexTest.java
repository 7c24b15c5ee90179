package io.cartographer.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographer.testing.TestPassports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassportIndexTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  @TempDir Path dir;

  private Path passports() {
    return dir.resolve("passports");
  }

  @Test
  void listingCarriesWhatAFullParseOfThePassportSays() throws Exception {
    PassportStore store = new PassportStore(passports());
    Passport written = TestPassports.passport(NOW, "0000000a", 1, 1000, 2000, 90_000);
    store.write(written);
    JsonNode tree = TestPassports.tree(store.read(written.id()).orElseThrow());

    PassportListing listing = store.list(1, null).items().get(0);
    assertEquals(tree.path("run_id").asText(), listing.runId());
    assertEquals(tree.path("status").asText(), listing.status().name().toLowerCase(java.util.Locale.ROOT));
    assertEquals(tree.at("/plan/name").asText(), listing.plan());
    assertEquals(tree.path("started_at").asText(), listing.startedAt());
    assertEquals(tree.path("finished_at").asText(), listing.finishedAt());
    assertEquals(tree.at("/summary/verdict").asText(), listing.verdict().name());
    assertEquals(tree.at("/summary/variants").asInt(), listing.variants());
    assertEquals(tree.at("/summary/failed").asInt(), listing.failed());
    assertNull(listing.damaged());
  }

  @Test
  void passportsWrittenByAnotherProcessAppearAndDeletedOnesVanishWithoutARestart() throws Exception {
    PassportStore reader = new PassportStore(passports());
    PassportStore otherPod = new PassportStore(passports());
    otherPod.write(TestPassports.passport(NOW, "0000000a"));
    assertEquals(1, reader.list(10, null).items().size());

    otherPod.write(TestPassports.passport(NOW.plusSeconds(1), "0000000b"));
    assertEquals(
        List.of("20261126T120001Z-0000000b", "20261126T120000Z-0000000a"),
        reader.list(10, null).items().stream().map(PassportListing::id).toList());

    Files.delete(passports().resolve("20261126T120000Z-0000000a.json"));
    assertEquals(
        List.of("20261126T120001Z-0000000b"),
        reader.list(10, null).items().stream().map(PassportListing::id).toList());
  }

  @Test
  void everyKindOfDamagedFileIsListedWithItsReasonAndRetentionNeverDeletesIt() throws Exception {
    PassportStore store =
        new PassportStore(passports(), new Retention(Duration.ofDays(1), OptionalInt.of(1), Optional.empty()));
    store.write(TestPassports.passport(NOW, "0000000a"));
    byte[] good = store.read("20261126T120000Z-0000000a").orElseThrow();
    String old = "20200101T00000%dZ-0000000%d";
    write(String.format(old, 1, 1), new String(good, 0, good.length / 2, StandardCharsets.UTF_8));
    write(String.format(old, 2, 2), "[1, 2, 3]");
    write(String.format(old, 3, 3), "{\"schema\": \"other/v9\"}");
    write(String.format(old, 4, 4), new String(good, StandardCharsets.UTF_8)); // id of another file
    write(String.format(old, 5, 5), "\u0000\u00ff garbage");
    write(String.format(old, 6, 6), "");
    write(String.format(old, 7, 7), new String(good, StandardCharsets.UTF_8) + " {}");

    List<PassportListing> items = store.list(20, null).items();
    assertEquals(8, items.size());
    List<String> reasons = items.stream().skip(1).map(PassportListing::damaged).toList();
    assertEquals("does not parse: text after the end of the passport", reasons.get(0));
    assertEquals("not a JSON object", reasons.get(1), "an empty file");
    assertTrue(reasons.get(2).startsWith("does not parse:"), reasons.get(2));
    assertEquals("its id field does not match its file name", reasons.get(3));
    assertEquals("schema is not cartographer.passport/v1", reasons.get(4));
    assertEquals("not a JSON object", reasons.get(5));
    assertTrue(reasons.get(6).startsWith("does not parse:"), reasons.get(6));

    assertEquals(List.of(), store.applyRetention(NOW), "damaged files are old but never deleted");
    assertEquals(8, store.list(20, null).items().size());
  }

  @Test
  void retentionByAgeDeletesExactlyTheOldPassportsThatAreNotProtected() throws Exception {
    PassportStore store = new PassportStore(passports());
    // oldest first: a clean pass, a failing run, another clean pass (the default baseline), a
    // pinned failing run, then fresh runs
    store.write(TestPassports.passport(NOW.minus(Duration.ofDays(50)), "0000000a"));
    store.write(TestPassports.passport(NOW.minus(Duration.ofDays(45)), "0000000b", 3, 1000, 2000));
    store.write(TestPassports.passport(NOW.minus(Duration.ofDays(40)), "0000000c"));
    store.write(TestPassports.passport(NOW.minus(Duration.ofDays(35)), "0000000d", 3, 1000, 2000));
    store.write(TestPassports.passport(NOW.minus(Duration.ofDays(10)), "0000000e", 3, 1000, 2000));
    store.write(TestPassports.passport(NOW.minus(Duration.ofDays(1)), "0000000f", 3, 1000, 2000));
    String pinned = store.list(10, null).items().get(2).id();
    store.pin("fixture", pinned);

    PassportStore withPolicy =
        new PassportStore(passports(), new Retention(Duration.ofDays(30), OptionalInt.empty(), Optional.empty()));
    List<String> deleted = withPolicy.applyRetention(NOW);

    assertEquals(List.of(id(45, "0000000b"), id(50, "0000000a")), deleted);
    assertEquals(
        Set.of(id(40, "0000000c"), id(35, "0000000d"), id(10, "0000000e"), id(1, "0000000f")),
        ids(passports()));
    assertEquals(id(35, "0000000d"), pinned);
    assertEquals(List.of(), withPolicy.applyRetention(NOW), "a second pass deletes nothing more");
  }

  @Test
  void retentionByCountKeepsTheNewestAndEveryProtectedPassport() throws Exception {
    PassportStore store = new PassportStore(passports());
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Passport p =
          i == 2
              ? TestPassports.passport(NOW.plusSeconds(i), String.format("0000000%d", i))
              : TestPassports.passport(NOW.plusSeconds(i), String.format("0000000%d", i), 5, 1000);
      store.write(p);
      written.add(p.id());
    }
    String configuredPin = written.get(0);
    PassportStore withPolicy =
        new PassportStore(passports(), new Retention(Duration.ZERO, OptionalInt.of(4), Optional.of(configuredPin)));

    List<String> deleted = withPolicy.applyRetention(NOW);

    // kept: the 4 newest, the only clean pass (the plan's baseline) and the configured pin
    Set<String> expected =
        new TreeSet<>(List.of(written.get(9), written.get(8), written.get(7), written.get(6), written.get(2), written.get(0)));
    assertEquals(expected, ids(passports()));
    assertEquals(List.of(written.get(5), written.get(4), written.get(3), written.get(1)), deleted);
  }

  @Test
  void aWriteAppliesTheRetentionPolicy() throws Exception {
    PassportStore store =
        new PassportStore(passports(), new Retention(Duration.ZERO, OptionalInt.of(2), Optional.empty()));
    for (int i = 0; i < 5; i++) {
      store.write(TestPassports.passport(Instant.now().plusSeconds(i), "0000000" + i, 5, 1000));
    }
    assertEquals(2, ids(passports()).size());
    assertTrue(Files.exists(passports().resolve(PassportStore.LATEST)));
  }

  @Test
  void aPassportsLatencyLogIsWrittenBesideItAndDeletedWithIt() throws Exception {
    PassportStore store =
        new PassportStore(passports(), new Retention(Duration.ZERO, OptionalInt.of(1), Optional.empty()));
    Passport first = TestPassports.passport(Instant.now(), "0000000a", 0, 1000);
    byte[] log = "#[Histogram log format version 1.3]\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    store.write(first, log);
    Path file = passports().resolve(first.id() + ".hlog");
    assertTrue(java.util.Arrays.equals(log, Files.readAllBytes(file)));
    assertEquals(Optional.of(file), store.latencyLog(first.id()));
    assertEquals(Set.of(first.id()), ids(passports()), "the log is not listed as a passport");
    store.write(TestPassports.passport(Instant.now().plusSeconds(1), "0000000b", 0, 1000));
    assertFalse(Files.exists(file), "retention deletes the log with its passport");
    assertEquals(Optional.empty(), store.latencyLog(TestPassports.passport(Instant.now().plusSeconds(1), "0000000b", 0, 1000).id()));
  }

  @Test
  void aLinkInPlaceOfALatencyLogIsNotServed() throws Exception {
    PassportStore store = new PassportStore(passports());
    Passport p = TestPassports.passport(Instant.now(), "0000000c", 0, 1000);
    store.write(p);
    Path secret = Files.writeString(passports().getParent().resolve("secret.txt"), "not for the network");
    Files.createSymbolicLink(passports().resolve(p.id() + ".hlog"), secret);
    assertEquals(Optional.empty(), store.latencyLog(p.id()));
  }

  @Test
  void trendsFollowOneMetricOldestFirstWithRegressionsMarked() throws Exception {
    PassportStore store = new PassportStore(passports());
    for (int i = 0; i < 5; i++) {
      store.write(TestPassports.passport(NOW.plusSeconds(i), "0000000" + i, 0, 1000 * (i + 1)));
    }
    markRegression(store, id(-3, "00000003"));
    store = new PassportStore(passports());

    Trend all = store.trend(new Trend.Query("fixture", null, null, Trend.Metric.P99, null, 30));
    assertEquals("ms", all.unit());
    assertEquals(1, all.series().size());
    List<Trend.Point> points = all.series().get(0).points();
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), points.stream().map(p -> Math.round(p.value() * 10) / 10.0).toList());
    assertEquals(List.of(false, false, false, true, false), points.stream().map(Trend.Point::regression).toList());
    assertEquals(id(0, "00000000"), points.get(0).passportId());

    Trend lastTwo = store.trend(new Trend.Query("fixture", "health", "basic", Trend.Metric.THROUGHPUT, null, 2));
    assertEquals(List.of(id(-3, "00000003"), id(-4, "00000004")),
        lastTwo.series().get(0).points().stream().map(Trend.Point::passportId).toList());

    Trend since = store.trend(new Trend.Query("fixture", null, null, Trend.Metric.P50, NOW.plusSeconds(3), 30));
    assertEquals(2, since.series().get(0).points().size());

    assertEquals(List.of(), store.trend(new Trend.Query("other", null, null, Trend.Metric.P99, null, 30)).series());
    assertEquals(List.of(), store.trend(new Trend.Query("fixture", "nope", null, Trend.Metric.P99, null, 30)).series());
    Trend memory = store.trend(new Trend.Query("fixture", null, null, Trend.Metric.MEMORY_PEAK, null, 30));
    assertNull(memory.series().get(0).points().get(0).value(), "not measured is null, never 0");
  }

  @Test
  void theTargetsCostPerRequestIsATrendToo() throws Exception {
    PassportStore store = new PassportStore(passports());
    Passport p = TestPassports.passport(NOW, "0000000a");
    store.write(p);
    ObjectNode tree = (ObjectNode) TestPassports.tree(store.read(p.id()).orElseThrow());
    ((ObjectNode) tree.path("test_results").get(0).path("target_efficiency"))
        .put("cpu_seconds_per_1k_requests", 0.25).put("alloc_per_request", 1234.0).put("alloc_unit", "bytes");
    Files.write(store.dir().resolve(p.id() + ".json"), PassportJson.writeValue(tree));
    store = new PassportStore(passports());
    Trend cpu = store.trend(new Trend.Query("fixture", null, null, Trend.Metric.CPU_PER_REQUEST, null, 30));
    assertEquals("ms", cpu.unit());
    assertEquals(0.25, cpu.series().get(0).points().get(0).value(), 1e-9, "seconds per 1,000 are ms per request");
    Trend alloc = store.trend(new Trend.Query("fixture", null, null, Trend.Metric.ALLOC_PER_REQUEST, null, 30));
    assertEquals(1234.0, alloc.series().get(0).points().get(0).value(), 1e-9);

    ((ObjectNode) tree.path("test_results").get(0).path("target_efficiency")).put("alloc_unit", "objects");
    Files.write(store.dir().resolve(p.id() + ".json"), PassportJson.writeValue(tree));
    store = new PassportStore(passports());
    assertNull(store.trend(new Trend.Query("fixture", null, null, Trend.Metric.ALLOC_PER_REQUEST, null, 30))
        .series().get(0).points().get(0).value(), "objects are not bytes");
  }

  @Test
  void trendsMarkWhereAVariantsLevelShifted() throws Exception {
    PassportStore store = new PassportStore(passports());
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < 16; i++) {
      long level = i < 8 ? 10_000 : 20_000;
      store.write(TestPassports.passport(NOW.plusSeconds(i), String.format("%08x", i), 0,
          level + random.nextInt(200)));
    }
    Trend p99 = store.trend(new Trend.Query("fixture", null, null, Trend.Metric.P99, null, 30));
    List<Trend.Shift> shifts = p99.series().get(0).changePoints();
    assertEquals(1, shifts.size(), shifts.toString());
    assertEquals(id(-8, "00000008"), shifts.get(0).passportId(), "the first run of the new level");
    assertEquals(1.0, shifts.get(0).relativeChange(), 0.05);
    Trend firstHalf = store.trend(new Trend.Query("fixture", null, null, Trend.Metric.P99, null, 8));
    assertEquals(List.of(), firstHalf.series().get(0).changePoints(), "a flat stretch has none");
  }

  @Test
  void percentileCurveComesFromTheStoredHistogram() throws Exception {
    PassportStore store = new PassportStore(passports());
    long[] micros = new long[1000];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = 1000 + i * 10L;
    }
    Passport p = TestPassports.passport(NOW, "0000000a", 0, micros);
    store.write(p);
    Passport stored = PassportJson.read(store.read(p.id()).orElseThrow());

    PercentileCurve curve = PercentileCurve.of(stored, "health", "basic").orElseThrow();
    assertEquals(1000, curve.count());
    assertEquals("ms", curve.unit());
    List<PercentileCurve.Point> points = curve.points();
    assertTrue(points.size() > 10, "points: " + points.size());
    for (int i = 1; i < points.size(); i++) {
      assertTrue(points.get(i).percentile() >= points.get(i - 1).percentile());
      assertTrue(points.get(i).value() >= points.get(i - 1).value());
    }
    assertEquals(10.99, points.get(points.size() - 1).value(), 0.02);
    assertEquals(stored.testResults().get(0).latencyMs().p50(), valueAt(points, 50.0), 0.02);
    assertTrue(PercentileCurve.of(stored, "health", "nope").isEmpty());
  }

  @Test
  void scannerNeverThrowsOnMutatedPassports() throws Exception {
    PassportStore store = new PassportStore(passports());
    Passport p = TestPassports.passport(NOW, "0000000a");
    store.write(p);
    byte[] good = store.read(p.id()).orElseThrow();
    Random random = new Random(20261126L);
    int damaged = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] mutant = good.clone();
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
      }
      if (random.nextBoolean()) {
        mutant = java.util.Arrays.copyOf(mutant, random.nextInt(mutant.length));
      }
      IndexEntry entry = PassportScanner.scan(p.id(), mutant);
      assertNotNull(entry.listing());
      damaged += entry.damaged() ? 1 : 0;
    }
    assertTrue(damaged > 1000, "most mutants are damaged: " + damaged);
  }

  private static double valueAt(List<PercentileCurve.Point> points, double percentile) {
    for (PercentileCurve.Point point : points) {
      if (point.percentile() >= percentile) {
        return point.value();
      }
    }
    return Double.NaN;
  }

  /** Rewrites a stored passport as a run that found a p99 regression in its variant. */
  private static void markRegression(PassportStore store, String id) throws Exception {
    ObjectNode tree = (ObjectNode) TestPassports.tree(store.read(id).orElseThrow());
    ObjectNode result = (ObjectNode) tree.path("test_results").get(0);
    ObjectNode comparison = result.putObject("comparison");
    comparison.put("status", "compared");
    comparison.putArray("metrics").addObject().put("metric", "p99_ms").put("finding", "regression");
    ((ObjectNode) tree.path("summary")).put("performance_regressions", 1);
    Files.write(store.dir().resolve(id + ".json"), PassportJson.writeValue(tree));
  }

  /** The id of a passport started {@code daysAgo} days before NOW, or -n meaning n seconds after. */
  private static String id(int daysAgo, String runId) {
    Instant at = daysAgo >= 0 ? NOW.minus(Duration.ofDays(daysAgo)) : NOW.plusSeconds(-daysAgo);
    return PassportId.of(at, runId);
  }

  private void write(String id, String text) throws Exception {
    Files.writeString(passports().resolve(id + ".json"), text);
  }

  private static Set<String> ids(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files
          .map(f -> PassportId.fromFileName(f.getFileName().toString()))
          .filter(java.util.Objects::nonNull)
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
