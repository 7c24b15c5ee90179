package io.cartographer.plan;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings a variant inherits: built-in values, overridden by the plan's {@code defaults},
 * overridden by the variant's own fields. Load settings merge field by field, except that setting
 * {@code requests} or {@code duration} replaces both (a variant that asks for a duration is not
 * also bound by the default request count).
 */
record VariantDefaults(
    String method,
    Map<String, String> headers,
    int expectedStatus,
    LoadSettings load,
    Thresholds thresholds,
    Determinism determinism,
    Tolerances tolerances) {

  static final VariantDefaults BUILT_IN =
      new VariantDefaults(
          "GET",
          Map.of(),
          200,
          PlanLoader.BUILT_IN_LOAD,
          PlanLoader.BUILT_IN_THRESHOLDS,
          Determinism.DIGEST_BODIES,
          Tolerances.FIVE_PERCENT);

  private static final Duration LONGEST_RUN = Duration.ofHours(24);

  /** Applies the fields of {@code node} that are present and valid; problems go to its list. */
  VariantDefaults overriddenBy(PlanFields node) {
    String ownMethod = PlanLoader.method(node);
    Map<String, String> mergedHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    mergedHeaders.putAll(headers);
    mergedHeaders.putAll(PlanLoader.headers(node));
    Long status = node.whole("expected-status", 100, 599);
    PlanFields loadNode = node.object("load", false);
    PlanFields thresholdsNode = node.object("thresholds", false);
    PlanFields determinismNode = node.object("determinism", false);
    PlanFields regressionNode = node.object("regression", false);
    return new VariantDefaults(
        ownMethod != null ? ownMethod : method,
        new LinkedHashMap<>(mergedHeaders),
        status != null ? status.intValue() : expectedStatus,
        loadNode != null ? load(loadNode) : load,
        thresholdsNode != null ? thresholds.overriddenBy(thresholds(thresholdsNode)) : thresholds,
        determinismNode != null ? determinism(determinismNode) : determinism,
        regressionNode != null ? tolerances(regressionNode) : tolerances);
  }

  private Tolerances tolerances(PlanFields node) {
    java.util.List<String> keys = new java.util.ArrayList<>(Tolerances.METRICS);
    keys.add("tolerance");
    node.allowOnly(keys.toArray(String[]::new));
    Double fallback = node.fraction("tolerance");
    java.util.Map<String, Double> byMetric = new java.util.HashMap<>(tolerances.byMetric());
    for (String metric : Tolerances.METRICS) {
      Double t = node.fraction(metric);
      if (t != null) {
        byMetric.put(metric, t);
      }
    }
    return new Tolerances(fallback != null ? fallback : tolerances.fallback(), byMetric);
  }

  private Determinism determinism(PlanFields node) {
    node.allowOnly("check", "ignore-fields");
    Boolean check = node.bool("check");
    List<String> ignore = node.texts("ignore-fields");
    return new Determinism(
        check != null ? check : determinism.check(),
        node.has("ignore-fields") ? ignore : determinism.ignoreFields());
  }

  private LoadSettings load(PlanFields node) {
    node.allowOnly(
        "model", "concurrency", "requests", "duration", "warmup", "timeout", "max-body", "rate",
        "max-connections", "late-tolerance", "rounds", "stages", "from", "to", "step", "precision");
    LoadModel model = load.model();
    String modelText = node.text("model", false);
    boolean capacity = load.searchesCapacity();
    if (modelText != null) {
      capacity = false;
      switch (modelText) {
        case "closed" -> model = LoadModel.CLOSED;
        case "open" -> model = LoadModel.OPEN;
        case "capacity" -> {
          model = LoadModel.OPEN;
          capacity = true;
        }
        default -> node.problem("model", "'" + modelText + "' is not a load model (use closed, open or capacity)");
      }
    }
    Double rate = node.rate("rate");
    Long maxConnections = node.whole("max-connections", 1, 10_000);
    Duration lateTolerance = node.duration("late-tolerance", Duration.ofNanos(1000), Duration.ofSeconds(10));
    Long rounds = node.whole("rounds", 1, 100);
    Long concurrency = node.whole("concurrency", 1, 10_000);
    Long requests = node.whole("requests", 1, 1_000_000_000);
    Duration duration = node.duration("duration", Duration.ofMillis(1), LONGEST_RUN);
    if (node.has("requests") && node.has("duration")) {
      node.problemHere("set either requests or duration, not both");
    }
    Long warmup = node.whole("warmup", 0, 10_000_000);
    Duration timeout = node.duration("timeout", Duration.ofMillis(1), Duration.ofMinutes(10));
    Long maxBody = node.size("max-body", 0, 1L << 30);
    Long mergedRequests = load.requests();
    Duration mergedDuration = load.duration();
    if (requests != null) {
      mergedRequests = requests;
      mergedDuration = null;
    } else if (duration != null) {
      mergedRequests = null;
      mergedDuration = duration;
    }
    List<LoadStage> stages = load.stages();
    if (node.has("stages")) {
      if (node.has("requests") || node.has("duration")) {
        node.problemHere("stages set the load's length: leave out requests and duration");
      }
      if (rounds != null && rounds > 1) {
        node.problem("rounds", "a staged load runs its stages once: leave out rounds, or set 1");
      }
      stages = stages(node, model == LoadModel.OPEN);
      mergedRequests = null;
      mergedDuration = null;
    } else if (requests != null || duration != null) {
      stages = List.of();
    } else if (!stages.isEmpty() && rounds != null && rounds > 1) {
      node.problem("rounds", "the load is staged (its stages are inherited): a staged load runs its stages once");
    }
    if (capacity || node.has("from") || node.has("to") || node.has("step") || node.has("precision")) {
      return capacity(node, load, capacity, model, concurrency, warmup, timeout, maxBody, maxConnections, lateTolerance);
    }
    LoadSettings merged = new LoadSettings(
        model,
        concurrency != null ? concurrency.intValue() : load.concurrency(),
        mergedRequests,
        mergedDuration,
        warmup != null ? warmup.intValue() : load.warmup(),
        timeout != null ? timeout : load.timeout(),
        maxBody != null ? maxBody : load.maxBodyBytes(),
        rate != null ? rate : load.rate(),
        maxConnections != null ? maxConnections.intValue() : load.maxConnections(),
        lateTolerance != null ? lateTolerance : load.lateTolerance(),
        rounds != null ? rounds.intValue() : load.rounds());
    return stages.isEmpty() ? merged : merged.withStages(stages);
  }

  /**
   * The capacity model: {@code from} and {@code to} (rates), {@code step} (each step's length,
   * default 5s) and {@code precision} (default 0.05), inherited field by field; the settings that
   * shape a constant or staged load do not apply to it.
   */
  private static LoadSettings capacity(PlanFields node, LoadSettings load, boolean capacity, LoadModel model,
      Long concurrency, Long warmup, Duration timeout, Long maxBody, Long maxConnections, Duration lateTolerance) {
    if (!capacity) {
      node.problemHere("from, to, step and precision are the capacity model's: set model: capacity");
      return load;
    }
    for (String other : List.of("rate", "duration", "requests", "stages", "rounds", "concurrency")) {
      if (node.has(other)) {
        node.problem(other, "does not apply to the capacity model: its steps' rates and lengths come from from, to and step");
      }
    }
    CapacitySettings inherited = load.capacity();
    Double from = node.rate("from");
    Double to = node.rate("to");
    Duration step = node.duration("step", Duration.ofMillis(100), Duration.ofMinutes(10));
    Double precision = node.fraction("precision");
    from = from != null ? from : inherited == null ? null : inherited.from();
    to = to != null ? to : inherited == null ? null : inherited.to();
    step = step != null ? step : inherited == null ? Duration.ofSeconds(5) : inherited.step();
    precision = precision != null ? precision : inherited == null ? 0.05 : inherited.precision();
    if (from == null && !node.reported("from")) {
      node.problem("from", "is required by the capacity model: the first step's rate (e.g. 100/s)");
    }
    if (to == null && !node.reported("to")) {
      node.problem("to", "is required by the capacity model: the highest rate to try (e.g. 5000/s)");
    }
    if (from != null && to != null && to <= from) {
      node.problem("to", "must be above from");
    }
    if (precision <= 0) {
      node.problem("precision", "must be more than 0 (0.05 stops when the bounds are within 5 %)");
    }
    LoadSettings base = new LoadSettings(
        model,
        concurrency != null ? concurrency.intValue() : load.concurrency(),
        null,
        null,
        warmup != null ? warmup.intValue() : load.warmup(),
        timeout != null ? timeout : load.timeout(),
        maxBody != null ? maxBody : load.maxBodyBytes(),
        from,
        maxConnections != null ? maxConnections.intValue() : load.maxConnections(),
        lateTolerance != null ? lateTolerance : load.lateTolerance(),
        1);
    return from == null || to == null || to <= from || precision <= 0
        ? base
        : base.withCapacity(new CapacitySettings(from, to, step, precision));
  }

  /**
   * The stages of a load node: 1 to 100, each with a {@code duration} and a {@code target} (a rate
   * in the open model, connections in the closed one) and optionally {@code measure: false}; one
   * at least must be measured. A stage that does not parse is left out, its problem reported.
   */
  private static List<LoadStage> stages(PlanFields node, boolean open) {
    List<PlanFields> items = node.objects("stages", false);
    if (items == null) {
      return List.of();
    }
    if (items.size() > 100) {
      node.problem("stages", "at most 100 stages, found " + items.size());
    }
    List<LoadStage> stages = new java.util.ArrayList<>();
    for (PlanFields item : items) {
      item.allowOnly("duration", "target", "measure");
      Duration length = item.duration("duration", Duration.ofMillis(1), LONGEST_RUN);
      if (length == null && !item.has("duration")) {
        item.problem("duration", "is required (e.g. 10s)");
      }
      Double target = open ? item.rateOrZero("target") : wholeTarget(item);
      if (target == null && !item.has("target")) {
        item.problem("target", open ? "is required: the rate to reach (e.g. 500/s)" : "is required: the connections to reach");
      }
      Boolean measure = item.bool("measure");
      if (length != null && target != null) {
        stages.add(new LoadStage(length, target, measure == null || measure));
      }
    }
    if (!stages.isEmpty() && stages.stream().noneMatch(LoadStage::measure)) {
      node.problem("stages", "at least one stage must be measured (measure: false on all of them leaves nothing to judge)");
    }
    return stages.size() == items.size() ? stages : List.of();
  }

  private static Double wholeTarget(PlanFields item) {
    Long connections = item.whole("target", 0, 10_000);
    return connections == null ? null : connections.doubleValue();
  }

  private static Thresholds thresholds(PlanFields node) {
    node.allowOnly("max-p50", "max-p99", "max-error-rate", "max-memory-delta", "max-memory-peak", "max-memory-growth",
        "max-cpu-per-request", "max-alloc-per-request", "max-gc-pause-share", "max-fd-delta",
        "max-fd-growth", "windows");
    Duration longest = Duration.ofHours(1);
    return new Thresholds(
        node.duration("max-p50", Duration.ofNanos(1000), longest),
        node.duration("max-p99", Duration.ofNanos(1000), longest),
        node.fraction("max-error-rate"),
        node.size("max-memory-delta", 0, 1L << 50),
        node.size("max-memory-peak", 1, 1L << 50),
        node.growth("max-memory-growth"),
        node.duration("max-cpu-per-request", Duration.ofNanos(1), longest),
        node.size("max-alloc-per-request", 0, 1L << 40),
        node.fraction("max-gc-pause-share"),
        node.whole("max-fd-delta", 0, 1_000_000),
        node.countPerRequest("max-fd-growth"),
        node.has("windows") ? windows(node) : null);
  }

  /**
   * {@code thresholds.windows}: each entry one limit ({@code max-p50}, {@code max-p90}, {@code
   * max-p99} or {@code max-error-rate}) over a {@code window} of seconds, optionally {@code
   * abort-on-fail: true} (with {@code abort: variant} or {@code run}) and a {@code grace}.
   */
  private static List<WindowThreshold> windows(PlanFields node) {
    List<PlanFields> items = node.objects("windows", false);
    if (items == null) {
      return List.of();
    }
    if (items.size() > 20) {
      node.problem("windows", "at most 20 windows, found " + items.size());
    }
    List<WindowThreshold> windows = new java.util.ArrayList<>();
    for (PlanFields item : items) {
      item.allowOnly("max-p50", "max-p90", "max-p99", "max-error-rate", "window", "abort-on-fail", "abort", "grace");
      List<WindowThreshold.Metric> limits = java.util.Arrays.stream(WindowThreshold.Metric.values())
          .filter(m -> item.has(m.field())).toList();
      if (limits.size() != 1) {
        item.problemHere("a window judges one limit: max-p50, max-p90, max-p99 or max-error-rate"
            + (limits.isEmpty() ? "" : ", found " + limits.stream().map(WindowThreshold.Metric::field).toList()));
        continue;
      }
      WindowThreshold.Metric metric = limits.get(0);
      Double limit;
      if (metric.latency()) {
        Duration d = item.duration(metric.field(), Duration.ofNanos(1000), Duration.ofHours(1));
        limit = d == null ? null : d.toNanos() / 1000.0;
      } else {
        limit = item.fraction(metric.field());
      }
      Duration window = item.duration("window", Duration.ofSeconds(1), Duration.ofHours(1));
      if (window == null && !item.has("window")) {
        item.problem("window", "is required: the seconds each judgement covers (e.g. 10s)");
      } else if (window != null && window.toNanos() % 1_000_000_000L != 0) {
        item.problem("window", "must be whole seconds: the timeline's intervals are one second long");
        window = null;
      }
      Boolean abortOnFail = item.bool("abort-on-fail");
      String scopeText = item.text("abort", false);
      WindowThreshold.Scope scope = WindowThreshold.Scope.VARIANT;
      if (scopeText != null) {
        switch (scopeText) {
          case "variant" -> scope = WindowThreshold.Scope.VARIANT;
          case "run" -> scope = WindowThreshold.Scope.RUN;
          default -> item.problem("abort", "'" + scopeText + "' is neither variant nor run");
        }
        if (!Boolean.TRUE.equals(abortOnFail)) {
          item.problem("abort", "says what abort-on-fail stops: set abort-on-fail: true with it");
        }
      }
      Duration grace = item.has("grace") ? item.duration("grace", Duration.ZERO, Duration.ofHours(1)) : Duration.ZERO;
      if (limit != null && window != null && grace != null) {
        windows.add(new WindowThreshold(metric, limit, window, Boolean.TRUE.equals(abortOnFail), scope, grace));
      }
    }
    return windows;
  }
}
