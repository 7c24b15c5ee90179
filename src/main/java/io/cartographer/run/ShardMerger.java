package io.cartographer.run;

import io.cartographer.load.BodyDigests;
import io.cartographer.load.Distribution;
import io.cartographer.load.ErrorKind;
import io.cartographer.load.OpenModelCounts;
import io.cartographer.load.RoundFigures;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeMemory;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.GrowthSlope;
import io.cartographer.memory.TargetEfficiency;
import io.cartographer.memory.TargetMemory;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportJson;
import io.cartographer.plan.Plan;
import io.cartographer.plan.Variant;
import io.cartographer.run.ShardMergeException.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Merges the shard passports of a distributed run into one measurement per variant, losslessly:
 * counts are summed, HdrHistograms are decoded and added (so every percentile of the merge is the
 * percentile of all requests together, not an average of shard percentiles), body digests are
 * united. Each shard's probe is a separate process: probe CPU and memory are summed, saturation is
 * reported if any shard was saturated. Judging, comparing and storing are the run's own steps
 * ({@link ShardMerges}).
 */
final class ShardMerger {

  private ShardMerger() {}

  /**
   * The shards load one target at once, and each read the target's counters over its own window,
   * in which the others' requests count too: per-request figures of a shard mean nothing, and
   * summing them counts the target's work several times over.
   */
  private static final TargetEfficiency SHARDS_SHARE_THE_TARGET = TargetEfficiency.notMeasured(
      "a distributed run's shards read the target's counters while the others loaded it too: "
          + "per-request figures are not merged");

  /** The shards merged: what a run measured, and where and when. */
  record Merged(
      String runId,
      Instant startedAt,
      Instant finishedAt,
      int shards,
      int availableProcessors,
      String runtime,
      List<Measurement> variants) {}

  /**
   * @param plan the whole (unsplit) plan the shards ran; its digest must match theirs
   * @param shardFiles the shard passports by file name, as {@code PassportStore.shards} gives them
   * @throws ShardMergeException when shards are missing, damaged or of another plan or run
   */
  static Merged merge(Plan plan, Map<String, byte[]> shardFiles) throws ShardMergeException {
    List<Passport> shards = parse(plan, shardFiles);
    List<Variant> variants = plan.variants();
    List<Measurement> measurements = new ArrayList<>();
    for (int k = 0; k < variants.size(); k++) {
      int index = k;
      measurements.add(measurement(variants.get(k), shards.stream().map(s -> s.testResults().get(index)).toList()));
    }
    Passport first = shards.get(0);
    return new Merged(
        first.runId(),
        shards.stream().map(s -> Instant.parse(s.startedAt())).min(Comparator.naturalOrder()).orElseThrow(),
        shards.stream().map(s -> Instant.parse(s.finishedAt())).max(Comparator.naturalOrder()).orElseThrow(),
        shards.size(),
        first.systemInfo().availableProcessors(),
        first.cartographer().runtime(),
        measurements);
  }

  private static List<Passport> parse(Plan plan, Map<String, byte[]> files) throws ShardMergeException {
    if (files.isEmpty()) {
      throw new ShardMergeException(Kind.INCOMPLETE, "no shard passports");
    }
    List<Passport> shards = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    Integer count = null;
    String runId = null;
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Passport shard;
      try {
        shard = PassportJson.read(file.getValue());
      } catch (PassportJson.UnreadablePassportException e) {
        throw new ShardMergeException(Kind.UNREADABLE, file.getKey() + " does not parse: " + e.getMessage());
      }
      if (shard.shard() == null || shard.shard().index() == null) {
        throw new ShardMergeException(Kind.UNREADABLE, file.getKey() + " is not a shard passport");
      }
      if (!plan.digest().equals(shard.plan().digest())) {
        throw new ShardMergeException(Kind.MISMATCHED,
            file.getKey() + " ran another plan (digest " + shard.plan().digest()
                + ", the plan given has " + plan.digest() + ")");
      }
      int n = shard.shard().count();
      if ((count != null && count != n) || (runId != null && !runId.equals(shard.runId()))) {
        throw new ShardMergeException(Kind.MISMATCHED, file.getKey() + " belongs to another run or shard count");
      }
      count = n;
      runId = shard.runId();
      int index = shard.shard().index();
      if (!seen.add(index)) {
        throw new ShardMergeException(Kind.MISMATCHED, "shard " + index + " appears twice");
      }
      if (shard.testResults().size() != plan.variants().size()) {
        throw new ShardMergeException(Kind.MISMATCHED, file.getKey() + " has " + shard.testResults().size()
            + " results, the plan has " + plan.variants().size() + " variants");
      }
      shards.add(shard);
    }
    if (shards.size() != count) {
      Set<Integer> missing = new TreeSet<>();
      for (int i = 0; i < count; i++) {
        if (!seen.contains(i)) {
          missing.add(i);
        }
      }
      throw new ShardMergeException(
          Kind.INCOMPLETE, shards.size() + " of " + count + " shards present; missing " + missing);
    }
    shards.sort(Comparator.comparingInt(s -> s.shard().index()));
    return shards;
  }

  private static Measurement measurement(Variant variant, List<Passport.TestResult> results)
      throws ShardMergeException {
    for (Passport.TestResult r : results) {
      if (!variant.endpoint().equals(r.endpoint()) || !variant.name().equals(r.variant())) {
        throw new ShardMergeException(Kind.MISMATCHED, "a shard's result is " + r.key() + " where the plan has "
            + variant.key());
      }
    }
    if (results.stream().map(r -> r.determinism().digest()).distinct().count() > 1) {
      throw new ShardMergeException(Kind.MISMATCHED, variant.key() + ": the shards digested bodies by different methods "
          + results.stream().map(r -> r.determinism().digest()).distinct().toList() + ", which cannot be united");
    }
    Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    Map<ErrorKind, String> samples = new EnumMap<>(ErrorKind.class);
    for (ErrorKind kind : ErrorKind.values()) {
      errors.put(kind, results.stream().mapToLong(r -> r.errors().getOrDefault(kind.label(), 0L)).sum());
      results.stream().map(r -> r.errorSamples().get(kind.label())).filter(Objects::nonNull)
          .findFirst().ifPresent(t -> samples.put(kind, t));
    }
    Map<Integer, Long> statuses = new TreeMap<>();
    Map<String, Long> versions = new TreeMap<>();
    Set<Long> digests = new TreeSet<>();
    for (Passport.TestResult r : results) {
      for (Map.Entry<String, Long> e : r.statusCounts().entrySet()) {
        statuses.merge(status(e.getKey()), e.getValue(), Long::sum);
      }
      r.httpVersions().forEach((version, n) -> versions.merge(version, n, Long::sum));
      for (String d : r.determinism().digests()) {
        digests.add(digest(d));
      }
    }
    List<Passport.OpenModel> open = results.stream().map(Passport.TestResult::openModel).filter(Objects::nonNull).toList();
    OpenModelCounts counts = open.isEmpty()
        ? null
        : new OpenModelCounts(
            open.stream().mapToDouble(Passport.OpenModel::requestedRps).sum(),
            open.stream().mapToLong(Passport.OpenModel::intended).sum(),
            open.stream().mapToLong(Passport.OpenModel::sent).sum(),
            open.stream().mapToLong(Passport.OpenModel::late).sum(),
            open.stream().mapToLong(Passport.OpenModel::dropped).sum());
    VariantResult merged =
        new VariantResult(
            variant,
            results.stream().map(r -> Instant.parse(r.startedAt())).min(Comparator.naturalOrder()).orElseThrow(),
            results.stream().map(r -> Instant.parse(r.finishedAt())).max(Comparator.naturalOrder()).orElseThrow(),
            sum(results, Passport.TestResult::requests),
            sum(results, Passport.TestResult::warmupRequests),
            sum(results, Passport.TestResult::succeeded),
            errors,
            samples,
            statuses,
            versions,
            results.stream().mapToDouble(Passport.TestResult::durationSeconds).max().orElse(0),
            sum(results, Passport.TestResult::bytesReceived),
            histogram(results, "latency", h -> h.latency()),
            counts != null ? histogram(results, "service_time", h -> h.serviceTime()) : null,
            histogram(results, "ttfb", h -> h.ttfb()),
            histogram(results, "response_bytes", h -> h.responseBytes()),
            new BodyDigests(
                results.stream().allMatch(r -> r.determinism().checked()),
                digests.size(),
                results.stream().anyMatch(r -> r.determinism().moreThanCounted()),
                List.copyOf(digests)),
            counts,
            rounds(results),
            null,
            List.of(),
            null,
            null);
    return new Measurement(merged, probe(results), targetMemory(results), SHARDS_SHARE_THE_TARGET);
  }

  private static int status(String code) throws ShardMergeException {
    try {
      return Integer.parseInt(code);
    } catch (NumberFormatException e) {
      throw new ShardMergeException(Kind.UNREADABLE, "a shard counts responses of status '" + code + "'");
    }
  }

  private static long digest(String hex) throws ShardMergeException {
    try {
      return Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new ShardMergeException(Kind.UNREADABLE, "a shard's body digest '" + hex + "' is not 16 hex digits");
    }
  }

  /** Round k of the merge is round k of every shard together. */
  private static List<RoundFigures> rounds(List<Passport.TestResult> results) throws ShardMergeException {
    int count = results.stream().mapToInt(r -> r.rounds().size()).min().orElse(0);
    List<RoundFigures> rounds = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      List<Distribution> parts = new ArrayList<>();
      long requests = 0;
      long failed = 0;
      double seconds = 0;
      for (Passport.TestResult r : results) {
        Passport.Round round = r.rounds().get(k);
        requests += round.requests();
        failed += round.failed();
        seconds = Math.max(seconds, round.seconds());
        parts.add(decode(round.latency(), "round " + k + " histogram of " + r.key()));
      }
      rounds.add(new RoundFigures(requests, failed, seconds, Distribution.merge(parts)));
    }
    return rounds;
  }

  private static Distribution histogram(
      List<Passport.TestResult> results, String name, Function<Passport.Histograms, Passport.EncodedHistogram> which)
      throws ShardMergeException {
    List<Distribution> parts = new ArrayList<>();
    for (Passport.TestResult r : results) {
      Passport.EncodedHistogram encoded = which.apply(r.histograms());
      if (encoded != null) {
        parts.add(decode(encoded, name + " histogram of " + r.key()));
      }
    }
    return Distribution.merge(parts);
  }

  private static Distribution decode(Passport.EncodedHistogram encoded, String what) throws ShardMergeException {
    try {
      return Distribution.decode(encoded.data());
    } catch (IllegalArgumentException e) {
      throw new ShardMergeException(Kind.UNREADABLE, what + ": " + e.getMessage());
    }
  }

  private static long sum(List<Passport.TestResult> results, ToLongFunction<Passport.TestResult> figure) {
    return results.stream().mapToLong(figure).sum();
  }

  private static double sum(List<Passport.ProbeResources> probes, ToDoubleFunction<Passport.ProbeResources> figure) {
    return probes.stream().mapToDouble(figure).sum();
  }

  private static TargetMemory targetMemory(List<Passport.TestResult> results) {
    Long before = results.stream().sorted(Comparator.comparing(Passport.TestResult::startedAt))
        .map(r -> r.memory().target().beforeBytes()).filter(Objects::nonNull).findFirst().orElse(null);
    Long after = results.stream().sorted(Comparator.comparing(Passport.TestResult::finishedAt).reversed())
        .map(r -> r.memory().target().afterBytes()).filter(Objects::nonNull).findFirst().orElse(null);
    Long peak = results.stream().map(r -> r.memory().target().peakBytes()).filter(Objects::nonNull)
        .max(Long::compare).orElse(null);
    Passport.TargetMemory any = results.get(0).memory().target();
    String reason = results.stream().map(r -> r.notMeasured().get("memory.target")).filter(Objects::nonNull)
        .findFirst().orElse(null);
    return new TargetMemory(
        any.sourceUrl(),
        any.series(),
        before, after, peak, before != null && after != null ? after - before : null,
        results.stream().mapToInt(r -> r.memory().target().samples()).sum(),
        results.stream().mapToInt(r -> r.memory().target().failedSamples()).sum(),
        before == null || after == null ? reason : null,
        GrowthSlope.notMeasured("a distributed run's shards each read the one target's memory against their own "
            + "requests while the others loaded it too: the growth per request is not merged"));
  }

  private static ProbeResources probe(List<Passport.TestResult> results) {
    List<Passport.ProbeResources> probes = results.stream().map(Passport.TestResult::probeResources).toList();
    StringBuilder evidence = new StringBuilder();
    for (int i = 0; i < probes.size(); i++) {
      evidence.append(i == 0 ? "" : "; ").append("shard ").append(i).append(": ").append(probes.get(i).evidence());
    }
    List<Passport.ProbeMemory> memory = results.stream().map(r -> r.memory().probe()).toList();
    return new ProbeResources(
        probeMemory(memory, Passport.ProbeMemory::heapUsedBeforeBytes, Passport.ProbeMemory::rssBeforeBytes),
        probeMemory(memory, Passport.ProbeMemory::heapUsedAfterBytes, Passport.ProbeMemory::rssAfterBytes),
        probes.stream().allMatch(p -> p.cpuSeconds() != null) ? sum(probes, Passport.ProbeResources::cpuSeconds) : null,
        probes.stream().map(Passport.ProbeResources::cpuUtilization).filter(Objects::nonNull).max(Double::compare).orElse(null),
        probes.stream().mapToDouble(Passport.ProbeResources::eventLoopLagP99Ms).max().orElse(0),
        probes.stream().mapToDouble(Passport.ProbeResources::eventLoopLagMaxMs).max().orElse(0),
        probes.stream().mapToLong(Passport.ProbeResources::eventLoopLagSamples).sum(),
        results.stream().anyMatch(Passport.TestResult::probeSaturated),
        String.format(Locale.ROOT, "%d probes: %s", results.size(), evidence),
        largest(probes, Passport.ProbeResources::hostOtherCpuCores),
        largest(probes, Passport.ProbeResources::hostStealCores));
  }

  /** The largest of a figure over the shards, {@code null} when any shard lacks it. */
  private static Double largest(List<Passport.ProbeResources> probes, Function<Passport.ProbeResources, Double> figure) {
    if (probes.stream().map(figure).anyMatch(Objects::isNull)) {
      return null;
    }
    return probes.stream().map(figure).mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private static ProbeMemory probeMemory(
      List<Passport.ProbeMemory> memory,
      ToLongFunction<Passport.ProbeMemory> heap,
      Function<Passport.ProbeMemory, Long> rss) {
    boolean rssKnown = memory.stream().map(rss).allMatch(Objects::nonNull);
    return new ProbeMemory(
        memory.stream().mapToLong(heap).sum(),
        rssKnown ? memory.stream().map(rss).mapToLong(Long::longValue).sum() : null,
        rssKnown ? null : "a shard could not read its RSS");
  }
}
