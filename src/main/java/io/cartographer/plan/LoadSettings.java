package io.cartographer.plan;

import java.time.Duration;

/**
 * How one variant is loaded. Closed model: {@code concurrency} connections and exactly one of
 * {@code requests} and {@code duration}. Open model: {@code rate} requests per second for {@code
 * duration}, on at most {@code maxConnections} connections.
 *
 * @param concurrency closed model: connections sending back to back
 * @param requests closed model: recorded requests (after warm-up), or {@code null} when
 *     duration-bound
 * @param duration how long the measured phase runs, or {@code null} when count-bound
 * @param warmup requests sent before measuring, not recorded (closed model: back to back; open
 *     model: at the planned rate)
 * @param timeout per request, from send to the end of the body
 * @param maxBodyBytes a larger response body is a body error; the rest is not read
 * @param rate open model: intended requests per second, otherwise {@code null}
 * @param maxConnections open model: connections the probe may open; a request due while all are
 *     busy waits (and is late), or is dropped once it has waited longer than the timeout
 * @param lateTolerance open model: a request sent later than this after its intended time counts
 *     as late
 * @param rounds the measured phase is split into this many consecutive rounds of equal share, so
 *     that a run carries its own evidence of noise for the regression test
 * @param capacity the capacity model's search ({@code model} is then open and {@code rate} its
 *     first step's), or {@code null}
 * @param stages a staged load (k6's stages): the load ramps from {@code rate} (open model) or
 *     {@code concurrency} (closed) through each stage's target in turn, for the stages' total
 *     {@code duration}, in one round; empty for a constant load
 */
public record LoadSettings(
    LoadModel model,
    int concurrency,
    Long requests,
    Duration duration,
    int warmup,
    Duration timeout,
    long maxBodyBytes,
    Double rate,
    int maxConnections,
    Duration lateTolerance,
    int rounds,
    java.util.List<LoadStage> stages,
    CapacitySettings capacity) {

  public LoadSettings {
    stages = java.util.List.copyOf(stages);
  }

  /** A load without a capacity search. */
  public LoadSettings(
      LoadModel model, int concurrency, Long requests, Duration duration, int warmup, Duration timeout,
      long maxBodyBytes, Double rate, int maxConnections, Duration lateTolerance, int rounds,
      java.util.List<LoadStage> stages) {
    this(model, concurrency, requests, duration, warmup, timeout, maxBodyBytes, rate, maxConnections, lateTolerance,
        rounds, stages, null);
  }

  /** Whether this is the capacity model: a search over open-model rates. */
  public boolean searchesCapacity() {
    return capacity != null;
  }

  /** This load as the capacity model searching with {@code search}: one round, no stages. */
  public LoadSettings withCapacity(CapacitySettings search) {
    return new LoadSettings(LoadModel.OPEN, concurrency, null, null, warmup, timeout, maxBodyBytes, search.from(),
        maxConnections, lateTolerance, 1, java.util.List.of(), search);
  }

  /** A constant load: no stages. */
  public LoadSettings(
      LoadModel model, int concurrency, Long requests, Duration duration, int warmup, Duration timeout,
      long maxBodyBytes, Double rate, int maxConnections, Duration lateTolerance, int rounds) {
    this(model, concurrency, requests, duration, warmup, timeout, maxBodyBytes, rate, maxConnections, lateTolerance,
        rounds, java.util.List.of());
  }

  /** Whether the load follows stages rather than staying constant. */
  public boolean staged() {
    return !stages.isEmpty();
  }

  /** This load with {@code changed} stages (the stages' total is its duration). */
  public LoadSettings withStages(java.util.List<LoadStage> changed) {
    Duration total = changed.stream().map(LoadStage::duration).reduce(Duration.ZERO, Duration::plus);
    return new LoadSettings(model, concurrency, null, changed.isEmpty() ? duration : total, warmup, timeout,
        maxBodyBytes, rate, maxConnections, lateTolerance, changed.isEmpty() ? rounds : 1, changed, capacity);
  }

  /** Whether the measured phase ends after a number of requests rather than after a duration. */
  public boolean countBound() {
    return requests != null;
  }

  /**
   * Open model: the number of requests the measured phase intends to send: the rate times the
   * duration, or, staged, the area under the rate's ramps.
   */
  public long intendedRequests() {
    if (!staged()) {
      return Math.round(rate * duration.toNanos() / 1e9);
    }
    double area = 0;
    double from = rate == null ? 0 : rate;
    for (LoadStage stage : stages) {
      area += (from + stage.target()) / 2 * stage.duration().toNanos() / 1e9;
      from = stage.target();
    }
    return Math.round(area);
  }

  /**
   * Open model: the rate of the warm-up, which runs before the stages: the load's {@code rate},
   * or, when a staged load starts from nothing, the first stage target above 0.
   */
  public double warmupRate() {
    if (rate != null && rate > 0) {
      return rate;
    }
    return stages.stream().mapToDouble(LoadStage::target).filter(t -> t > 0).findFirst().orElse(1);
  }

  /** Closed model: the most connections the load holds at once (its stages' highest target). */
  public int peakConcurrency() {
    int peak = concurrency;
    for (LoadStage stage : stages) {
      peak = Math.max(peak, (int) Math.round(stage.target()));
    }
    return peak;
  }
}
