package io.cartographer.plan;

import java.util.List;

/**
 * Splits a plan's load across {@code count} processes of a distributed run, so that the shards
 * together send exactly what the plan asks for, no request lost or doubled.
 *
 * <p>Rounding: a total {@code t} split over {@code n} parts gives {@code t / n} to each and one
 * more to each of the first {@code t % n}. Closed model: the concurrency is split that way; the
 * request budget and warm-up are split the same way over the shards that got at least one
 * connection (a shard with none sends nothing for that variant). Open model: the intended
 * requests {@code rate × duration} are split that way, each shard running for the same duration
 * at its share of the rate; warm-up likewise.
 */
public final class ShardSplit {

  private ShardSplit() {}

  /** The plan as shard {@code index} of {@code count} runs it; its digest stays the whole plan's. */
  public static Plan shard(Plan plan, int index, int count) {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard " + index + " of " + count + " does not exist");
    }
    List<Endpoint> endpoints =
        plan.endpoints().stream()
            .map(
                e ->
                    new Endpoint(
                        e.name(),
                        e.path(),
                        e.variants().stream().map(v -> shard(v, index, count)).toList()))
            .toList();
    return new Plan(
        plan.name(), plan.baseUrl(), plan.metrics(), endpoints, plan.defaultThresholds(), plan.digest(),
        plan.connection());
  }

  static Variant shard(Variant v, int index, int count) {
    return new Variant(
        v.endpoint(), v.name(), v.family(), v.method(), v.pathAndQuery(), v.headers(), v.body(),
        v.expectedStatus(), shard(v.load(), index, count), v.thresholds(), v.determinism(), v.tolerances(),
        v.httpVersion());
  }

  static LoadSettings shard(LoadSettings l, int index, int count) {
    if (l.searchesCapacity()) {
      // each shard searches its share of the rates; the merged run reports no capacity of its own
      CapacitySettings c = l.capacity();
      return l.withCapacity(new CapacitySettings(c.from() / count, c.to() / count, c.step(), c.precision()));
    }
    if (l.model() == LoadModel.OPEN) {
      long total = l.intendedRequests();
      long mine = part(total, index, count);
      double share = total == 0 ? 0 : (double) mine / total;
      return new LoadSettings(
          l.model(), l.concurrency(), null, l.duration(), (int) part(l.warmup(), index, count),
          l.timeout(), l.maxBodyBytes(), l.rate() == null ? null : l.rate() * share,
          Math.max(1, (int) part(l.maxConnections(), index, count)), l.lateTolerance(), l.rounds(),
          l.stages().stream().map(st -> new LoadStage(st.duration(), st.target() * share, st.measure())).toList());
    }
    int lanes = (int) part(l.concurrency(), index, count);
    int active = Math.min(l.concurrency(), count);
    boolean sends = index < active;
    Long requests = l.requests() == null ? null : sends ? part(l.requests(), index, active) : 0L;
    int warmup = sends ? (int) part(l.warmup(), index, active) : 0;
    return new LoadSettings(
        l.model(), lanes, requests, l.duration(), warmup, l.timeout(), l.maxBodyBytes(), l.rate(),
        l.maxConnections(), l.lateTolerance(), l.rounds(),
        l.stages().stream()
            .map(st -> new LoadStage(st.duration(), part(Math.round(st.target()), index, count), st.measure()))
            .toList());
  }

  /** {@code total / parts}, plus one for each of the first {@code total % parts} parts. */
  public static long part(long total, int index, int parts) {
    return total / parts + (index < total % parts ? 1 : 0);
  }
}
