package io.cartographer.api;

import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.PassportListing;
import io.cartographer.passport.PassportStore;
import io.cartographer.run.RunCoordinator;
import io.quarkus.vertx.http.HttpServerStart;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import io.cartographer.run.RunFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exposes the latest run on {@code /q/metrics} for alerting, named the Prometheus way (units in
 * the name, {@code _total} for counters). Labels are the plan's endpoints and variants: bounded by
 * the plan. A figure the run did not measure is absent (NaN), never 0.
 */
@ApplicationScoped
public class RunMetrics {

  private static final Logger LOG = Logger.getLogger(RunMetrics.class);

  private final MeterRegistry registry;
  private final PassportStore store;
  private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();
  /** Whether a run of this process has published its figures: they are newer than any on the volume. */
  private boolean runPublished;

  public RunMetrics(MeterRegistry registry, PassportStore store, RunCoordinator runs) {
    this.registry = registry;
    this.store = store;
    Gauge.builder("cartographer_run_in_progress", runs, r -> r.running().isPresent() ? 1 : 0)
        .description("1 while a run of this process is under way").register(registry);
    Gauge.builder("cartographer_build_info", () -> 1)
        .description("The probe's version (label version); always 1")
        .tags("version", ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
            .orElse("unknown"))
        .register(registry);
  }

  /**
   * A restarted service starts from what its volume holds: the latest passport's figures and the
   * last passing run's time, so that a staleness alert on {@code
   * cartographer_last_success_timestamp_seconds} fires after a restart too, rather than finding no
   * series. Read once the HTTP server listens, off the start-up's thread: reading a passport of a
   * few hundred KiB with every class cold took 300-400 ms, which held the port (and readiness)
   * back; the series follow within that time. A one-shot command exposes no metrics and reads
   * nothing.
   */
  void seed(@ObservesAsync HttpServerStart listening) {
    if (!io.cartographer.config.ProcessMode.oneShot()) {
      seedFromVolume();
    }
  }

  private synchronized void seedFromVolume() {
    if (runPublished) {
      return;
    }
    try {
      Optional<byte[]> latest = store.latest();
      if (latest.isEmpty()) {
        return;
      }
      Passport p = PassportJson.read(latest.get());
      publish(p);
      store.cleanPasses(p.plan().name()).stream().map(PassportListing::finishedAt).filter(java.util.Objects::nonNull)
          .max(java.util.Comparator.naturalOrder())
          .ifPresent(at -> set("cartographer_last_success_timestamp_seconds", "When the latest passing run finished",
              Tags.of("plan", p.plan().name()), Instant.parse(at).getEpochSecond()));
    } catch (IOException | RuntimeException e) {
      LOG.warnf("metrics not seeded from the passport directory: %s", e.toString());
    }
  }

  synchronized void onRun(@Observes RunFinished run) {
    runPublished = true;
    Passport p = run.passport();
    publish(p);
    Counter.builder("cartographer_runs").description("Runs finished, by verdict")
        .tags(Tags.of("plan", p.plan().name()).and("verdict", p.summary().verdict().name()))
        .register(registry).increment();
  }

  /** Sets the gauges of the latest run from its passport. */
  private void publish(Passport p) {
    Tags plan = Tags.of("plan", p.plan().name());
    Passport.Summary s = p.summary();
    set("cartographer_run_duration_seconds", "Wall time of the latest run", plan, s.durationSeconds());
    set("cartographer_run_passed", "1 when the latest run passed its thresholds, 0 otherwise", plan, s.verdict().passed() ? 1 : 0);
    set("cartographer_run_regressions", "Variants with a regression in the latest run", plan.and("kind", "performance"), number(s.performanceRegressions()));
    set("cartographer_run_regressions", "Variants with a regression in the latest run", plan.and("kind", "memory"), number(s.memoryRegressions()));
    set("cartographer_run_timestamp_seconds", "When the latest run finished", plan, Instant.parse(p.finishedAt()).getEpochSecond());
    if (s.verdict().passed()) {
      set("cartographer_last_success_timestamp_seconds", "When the latest passing run finished", plan, Instant.parse(p.finishedAt()).getEpochSecond());
    }
    for (Passport.TestResult r : p.testResults()) {
      Tags v = plan.and("endpoint", r.endpoint(), "variant", r.variant());
      Passport.Stats latency = r.latencyMs();
      set("cartographer_variant_latency_p50_seconds", "Median latency of the latest run (the histogram's value)", v,
          latency == null ? Double.NaN : latency.p50() / 1000);
      set("cartographer_variant_latency_p99_seconds", "99th percentile latency of the latest run (the histogram's value)", v,
          latency == null ? Double.NaN : latency.p99() / 1000);
      set("cartographer_variant_error_ratio", "Failed over recorded requests in the latest run", v, r.errorRate());
      set("cartographer_variant_throughput_requests_per_second", "Completed requests per second in the latest run", v, r.throughputRps());
      set("cartographer_variant_target_memory_peak_bytes", "Peak target memory during the variant", v, number(r.memory().target().peakBytes()));
      set("cartographer_variant_passed", "1 when the variant met its thresholds", v, r.verdict().passed() ? 1 : 0);
      set("cartographer_variant_probe_saturated", "1 when the probe itself was the limit of the variant's figures", v,
          r.probeSaturated() ? 1 : 0);
      Passport.Growth growth = r.memory().target().growth();
      set("cartographer_variant_target_memory_growth_bytes_per_request",
          "Target memory growth per request over the variant's rounds (the slope)", v,
          growth == null ? Double.NaN : number(growth.bytesPerRequest()));
      Passport.TargetEfficiency e = r.targetEfficiency();
      set("cartographer_variant_target_cpu_seconds_per_request", "Target CPU time per request, from its counters", v,
          e == null || e.cpuSecondsPer1kRequests() == null ? Double.NaN : e.cpuSecondsPer1kRequests() / 1000);
      set("cartographer_variant_target_alloc_bytes_per_request", "Bytes the target allocated per request", v,
          e == null || !"bytes".equals(e.allocUnit()) ? Double.NaN : number(e.allocPerRequest()));
      set("cartographer_variant_target_open_fds_delta", "Open descriptors of the target after the variant minus before",
          v, e == null ? Double.NaN : number(e.openFdsDelta()));
      set("cartographer_variant_target_open_fds_growth_per_request",
          "Target open-descriptor growth per request over the variant's rounds (the slope)", v,
          e == null || e.openFdsGrowth() == null ? Double.NaN : number(e.openFdsGrowth().per1kRequests()) / 1000);
    }
  }

  private void set(String name, String help, Tags tags, double value) {
    String key = name + tags;
    values.computeIfAbsent(key, k -> {
      AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
      Gauge.builder(name, holder, h -> h.get()).description(help).tags(tags).register(registry);
      return holder;
    }).set(value);
  }

  private static double number(Number n) {
    return n == null ? Double.NaN : n.doubleValue();
  }
}
