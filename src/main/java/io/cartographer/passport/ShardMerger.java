package io.cartographer.passport;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.load.BodyDigests;
import io.cartographer.load.Distribution;
import io.cartographer.load.ErrorKind;
import io.cartographer.load.OpenModelCounts;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeMemory;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetMemory;
import io.cartographer.plan.Plan;
import io.cartographer.plan.Variant;
import io.cartographer.verdict.ThresholdJudge;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges the shard passports of a distributed run into the run's passport, losslessly: counts are
 * summed, HdrHistograms are decoded and added (so every percentile of the merge is the percentile
 * of all requests together, not an average of shard percentiles), body digests are united, and
 * the thresholds are judged on the merged figures. Each shard's probe is a separate process:
 * probe CPU and memory are summed, saturation is reported if any shard was saturated.
 */
public final class ShardMerger {

  private ShardMerger() {}

  /** A parsed shard passport. */
  private record ShardPassport(int index, JsonNode root) {}

  /**
   * @param plan the whole (unsplit) plan the shards ran; its digest must match theirs
   * @param shardFiles the shard passports by file name, as {@link PassportStore#shards} gives them
   * @throws ShardMergeException when shards are missing, damaged or of another plan or run
   */
  public static Passport merge(
      Plan plan, String planSource, String probeVersion, Map<String, byte[]> shardFiles)
      throws ShardMergeException {
    return merge(plan, planSource, probeVersion, shardFiles, figures -> null);
  }

  /**
   * Merges, then compares the merged run with a baseline.
   *
   * @param comparator compares the merged figures with a baseline, or gives {@code null}
   */
  public static Passport merge(
      Plan plan,
      String planSource,
      String probeVersion,
      Map<String, byte[]> shardFiles,
      java.util.function.Function<io.cartographer.verdict.RunFigures, io.cartographer.verdict.RunComparison> comparator)
      throws ShardMergeException {
    List<ShardPassport> shards = parse(plan, shardFiles);
    List<Variant> variants = plan.variants();
    List<VariantOutcome> outcomes = new ArrayList<>();
    for (int k = 0; k < variants.size(); k++) {
      outcomes.add(outcome(variants.get(k), k, shards));
    }
    JsonNode first = shards.get(0).root();
    String runId = first.path("run_id").asText();
    Instant started = shards.stream().map(s -> Instant.parse(s.root().path("started_at").asText())).min(Comparator.naturalOrder()).orElseThrow();
    Instant finished = shards.stream().map(s -> Instant.parse(s.root().path("finished_at").asText())).max(Comparator.naturalOrder()).orElseThrow();
    return PassportAssembler.assemble(
        plan,
        new PassportAssembler.RunFacts(
            PassportId.of(started, runId), runId, "merge", planSource, probeVersion, started, finished),
        outcomes,
        new Passport.ShardInfo(null, shards.size(), true),
        comparator.apply(figures(outcomes, probeVersion, first)));
  }

  private static io.cartographer.verdict.RunFigures figures(
      List<VariantOutcome> outcomes, String probeVersion, JsonNode first) {
    return PassportFigures.of(
        outcomes,
        new io.cartographer.verdict.RunFigures.Fingerprint(
            probeVersion, first.at("/system_info/available_processors").asInt(), first.at("/cartographer/runtime").asText(),
            // shards are separate CLI processes, each on its first run
            false));
  }


  private static List<ShardPassport> parse(Plan plan, Map<String, byte[]> files) throws ShardMergeException {
    if (files.isEmpty()) {
      throw new ShardMergeException("no shard passports");
    }
    List<ShardPassport> shards = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    Integer count = null;
    String runId = null;
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      JsonNode root;
      try {
        root = PassportJson.read(file.getValue());
      } catch (IOException e) {
        throw new ShardMergeException(file.getKey() + " does not parse: " + e.getMessage());
      }
      JsonNode shard = root.path("shard");
      if (!Passport.SCHEMA.equals(root.path("schema").asText()) || !shard.path("index").isInt()) {
        throw new ShardMergeException(file.getKey() + " is not a shard passport");
      }
      if (!plan.digest().equals(root.at("/plan/digest").asText())) {
        throw new ShardMergeException(
            file.getKey() + " ran another plan (digest " + root.at("/plan/digest").asText()
                + ", the plan given has " + plan.digest() + ")");
      }
      int n = shard.path("count").asInt();
      String run = root.path("run_id").asText();
      if ((count != null && count != n) || (runId != null && !runId.equals(run))) {
        throw new ShardMergeException(file.getKey() + " belongs to another run or shard count");
      }
      count = n;
      runId = run;
      int index = shard.path("index").asInt();
      if (!seen.add(index)) {
        throw new ShardMergeException("shard " + index + " appears twice");
      }
      if (root.path("test_results").size() != plan.variants().size()) {
        throw new ShardMergeException(file.getKey() + " has " + root.path("test_results").size()
            + " results, the plan has " + plan.variants().size() + " variants");
      }
      shards.add(new ShardPassport(index, root));
    }
    if (shards.size() != count) {
      Set<Integer> missing = new TreeSet<>();
      for (int i = 0; i < count; i++) {
        if (!seen.contains(i)) {
          missing.add(i);
        }
      }
      throw new ShardMergeException(shards.size() + " of " + count + " shards present; missing " + missing);
    }
    shards.sort(Comparator.comparingInt(ShardPassport::index));
    return shards;
  }

  private static VariantOutcome outcome(Variant variant, int k, List<ShardPassport> shards)
      throws ShardMergeException {
    List<JsonNode> results = shards.stream().map(s -> s.root().path("test_results").get(k)).toList();
    for (JsonNode r : results) {
      if (!variant.endpoint().equals(r.path("endpoint").asText()) || !variant.name().equals(r.path("variant").asText())) {
        throw new ShardMergeException("result " + k + " is " + r.path("endpoint").asText() + "/"
            + r.path("variant").asText() + ", the plan says " + variant.key());
      }
    }
    Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    Map<ErrorKind, String> samples = new EnumMap<>(ErrorKind.class);
    Map<Integer, Long> statuses = new TreeMap<>();
    for (ErrorKind kind : ErrorKind.values()) {
      errors.put(kind, results.stream().mapToLong(r -> r.at("/errors/" + kind.label()).asLong()).sum());
      results.stream().map(r -> r.at("/error_samples/" + kind.label())).filter(JsonNode::isTextual)
          .findFirst().ifPresent(t -> samples.put(kind, t.asText()));
    }
    Map<String, Long> versions = new TreeMap<>();
    for (JsonNode r : results) {
      r.path("status_counts").fields().forEachRemaining(e -> statuses.merge(Integer.parseInt(e.getKey()), e.getValue().asLong(), Long::sum));
      r.path("http_versions").fields().forEachRemaining(e -> versions.merge(e.getKey(), e.getValue().asLong(), Long::sum));
    }
    Set<Long> digests = new TreeSet<>();
    for (JsonNode r : results) {
      for (JsonNode d : r.at("/determinism/digests")) {
        digests.add(Long.parseUnsignedLong(d.asText(), 16));
      }
    }
    boolean anyOpen = results.stream().anyMatch(r -> r.path("open_model").isObject());
    OpenModelCounts open = anyOpen
        ? new OpenModelCounts(
            sum(results, "/open_model/requested_rps"),
            (long) sum(results, "/open_model/intended"),
            (long) sum(results, "/open_model/sent"),
            (long) sum(results, "/open_model/late"),
            (long) sum(results, "/open_model/dropped"))
        : null;
    VariantResult merged =
        new VariantResult(
            variant,
            results.stream().map(r -> Instant.parse(r.path("started_at").asText())).min(Comparator.naturalOrder()).orElseThrow(),
            results.stream().map(r -> Instant.parse(r.path("finished_at").asText())).max(Comparator.naturalOrder()).orElseThrow(),
            (long) sum(results, "/requests"),
            (long) sum(results, "/warmup_requests"),
            (long) sum(results, "/succeeded"),
            errors,
            samples,
            statuses,
            versions,
            results.stream().mapToDouble(r -> r.path("duration_seconds").asDouble()).max().orElse(0),
            (long) sum(results, "/bytes_received"),
            histogram(results, "latency"),
            anyOpen ? histogram(results, "service_time") : null,
            histogram(results, "ttfb"),
            histogram(results, "response_bytes"),
            new BodyDigests(
                results.stream().allMatch(r -> r.at("/determinism/checked").asBoolean()),
                digests.size(),
                results.stream().anyMatch(r -> r.at("/determinism/more_than_counted").asBoolean()),
                List.copyOf(digests)),
            open,
            rounds(results));
    TargetMemory target = targetMemory(results);
    return new VariantOutcome(merged, ThresholdJudge.judge(merged, target), probe(results), target);
  }

  /** Round k of the merge is round k of every shard together. */
  private static List<io.cartographer.load.RoundFigures> rounds(List<JsonNode> results) throws ShardMergeException {
    int count = results.stream().mapToInt(r -> r.path("rounds").size()).min().orElse(0);
    List<io.cartographer.load.RoundFigures> rounds = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      List<Distribution> parts = new ArrayList<>();
      long requests = 0;
      long failed = 0;
      double seconds = 0;
      for (JsonNode r : results) {
        JsonNode round = r.path("rounds").get(k);
        requests += round.path("requests").asLong();
        failed += round.path("failed").asLong();
        seconds = Math.max(seconds, round.path("seconds").asDouble());
        try {
          parts.add(Distribution.decode(round.at("/latency/data").asText()));
        } catch (IllegalArgumentException e) {
          throw new ShardMergeException("round " + k + " histogram: " + e.getMessage());
        }
      }
      rounds.add(new io.cartographer.load.RoundFigures(requests, failed, seconds, Distribution.merge(parts)));
    }
    return rounds;
  }

  private static double sum(List<JsonNode> results, String pointer) {
    return results.stream().mapToDouble(r -> r.at(pointer).asDouble()).sum();
  }

  private static Distribution histogram(List<JsonNode> results, String name) throws ShardMergeException {
    List<Distribution> parts = new ArrayList<>();
    for (JsonNode r : results) {
      JsonNode data = r.at("/histograms/" + name + "/data");
      if (data.isTextual()) {
        try {
          parts.add(Distribution.decode(data.asText()));
        } catch (IllegalArgumentException e) {
          throw new ShardMergeException(name + " histogram of " + r.path("variant").asText() + ": " + e.getMessage());
        }
      }
    }
    return Distribution.merge(parts);
  }

  private static TargetMemory targetMemory(List<JsonNode> results) {
    List<JsonNode> byStart = new ArrayList<>(results);
    byStart.sort(Comparator.comparing(r -> r.path("started_at").asText()));
    Long before = byStart.stream().map(r -> r.at("/memory/target/before_bytes")).filter(JsonNode::isNumber).map(JsonNode::asLong).findFirst().orElse(null);
    List<JsonNode> byEnd = new ArrayList<>(results);
    byEnd.sort(Comparator.comparing((JsonNode r) -> r.path("finished_at").asText()).reversed());
    Long after = byEnd.stream().map(r -> r.at("/memory/target/after_bytes")).filter(JsonNode::isNumber).map(JsonNode::asLong).findFirst().orElse(null);
    Long peak = results.stream().map(r -> r.at("/memory/target/peak_bytes")).filter(JsonNode::isNumber).map(JsonNode::asLong).max(Long::compare).orElse(null);
    JsonNode any = results.get(0).at("/memory/target");
    String reason = results.stream().map(r -> r.at("/not_measured/memory.target")).filter(JsonNode::isTextual).map(JsonNode::asText).findFirst().orElse(null);
    return new TargetMemory(
        any.path("source_url").isTextual() ? any.path("source_url").asText() : null,
        any.path("series").isTextual() ? any.path("series").asText() : null,
        before, after, peak, before != null && after != null ? after - before : null,
        (int) sum(results, "/memory/target/samples"), (int) sum(results, "/memory/target/failed_samples"),
        before == null || after == null ? reason : null);
  }

  private static ProbeResources probe(List<JsonNode> results) {
    boolean cpuKnown = results.stream().allMatch(r -> r.at("/probe_resources/cpu_seconds").isNumber());
    StringBuilder evidence = new StringBuilder();
    for (int i = 0; i < results.size(); i++) {
      evidence.append(i == 0 ? "" : "; ").append("shard ").append(i).append(": ")
          .append(results.get(i).at("/probe_resources/evidence").asText());
    }
    return new ProbeResources(
        probeMemory(results, "before"),
        probeMemory(results, "after"),
        cpuKnown ? sum(results, "/probe_resources/cpu_seconds") : null,
        results.stream().map(r -> r.at("/probe_resources/cpu_utilization")).filter(JsonNode::isNumber).map(JsonNode::asDouble).max(Double::compare).orElse(null),
        results.stream().mapToDouble(r -> r.at("/probe_resources/event_loop_lag_max_ms").asDouble()).max().orElse(0),
        results.stream().mapToDouble(r -> r.at("/probe_resources/event_loop_lag_p99_ms").asDouble()).max().orElse(0),
        (long) sum(results, "/probe_resources/event_loop_lag_samples"),
        results.stream().anyMatch(r -> r.path("probe_saturated").asBoolean()),
        String.format(Locale.ROOT, "%d probes: %s", results.size(), evidence),
        largest(results, "/probe_resources/host_other_cpu_cores"),
        largest(results, "/probe_resources/host_steal_cores"));
  }

  /** The largest of a figure over the shards, {@code null} when any shard lacks it. */
  private static Double largest(List<JsonNode> results, String pointer) {
    if (!results.stream().allMatch(r -> r.at(pointer).isNumber())) {
      return null;
    }
    return results.stream().mapToDouble(r -> r.at(pointer).asDouble()).max().orElse(0);
  }

  private static ProbeMemory probeMemory(List<JsonNode> results, String when) {
    long heap = (long) sum(results, "/memory/probe/heap_used_" + when + "_bytes");
    boolean rssKnown = results.stream().allMatch(r -> r.at("/memory/probe/rss_" + when + "_bytes").isNumber());
    return new ProbeMemory(heap, rssKnown ? (long) sum(results, "/memory/probe/rss_" + when + "_bytes") : null,
        rssKnown ? null : "a shard could not read its RSS");
  }
}
