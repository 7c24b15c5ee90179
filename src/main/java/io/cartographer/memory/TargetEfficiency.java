package io.cartographer.memory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each request cost the target over a variant's measured phase, from the counters of its
 * metrics endpoint read when the measured phase started (warm-up over) and when it ended: CPU,
 * allocation and garbage collections per request, and the change in open file descriptors. The
 * first series the target exposes of each kind is used ({@link #CPU} and the other lists, in
 * order). A figure that cannot be worked out is {@code null} and {@code notMeasured} says why:
 * the series is absent, went down (the target restarted or reset it), or no request completed
 * between the readings.
 *
 * @param runtime what the target's series suggest it runs on (see {@link CounterReading})
 * @param requests requests the probe completed between the two readings
 * @param seconds time between the two readings
 * @param cpuSecondsPer1kRequests target CPU time per 1,000 requests
 * @param cpuCores target CPU time over the window: cores busy on average
 * @param allocPerRequest allocated per request, in {@code allocUnit} ({@code bytes}, or {@code
 *     objects} where only collected objects are counted)
 * @param gcCollectionsPer1kRequests collections per 1,000 requests
 * @param gcPauseMsPer1kRequests collection pause time per 1,000 requests, where the target
 *     reports pause time
 * @param openFdsDelta open file descriptors after the variant minus before it: before its warm-up
 *     opened the probe's connections, after they were closed, so a target that keeps none open
 *     for a finished client shows 0 (or a few while it is still closing them)
 * @param openFdsGrowth open descriptors against requests over the measured phase's rounds, in
 *     descriptors per request: a descriptor leak shows as a slope whose interval lies above zero
 * @param notMeasured by figure ({@code cpu}, {@code alloc}, {@code gc}, {@code gc_pause}, {@code
 *     open_fds}), why it is {@code null}
 */
public record TargetEfficiency(
    String runtime,
    long requests,
    double seconds,
    Double cpuSecondsPer1kRequests,
    Double cpuCores,
    String cpuSeries,
    Double allocPerRequest,
    String allocUnit,
    String allocSeries,
    Double gcCollectionsPer1kRequests,
    Double gcPauseMsPer1kRequests,
    String gcSeries,
    Long openFdsDelta,
    String openFdsSeries,
    GrowthSlope openFdsGrowth,
    Map<String, String> notMeasured) {

  public TargetEfficiency {
    notMeasured = Map.copyOf(notMeasured);
  }

  /** A series and what one unit of it is worth in the figure's unit. */
  record Series(String name, double scale, String unit) {}

  /** Process CPU time, in seconds. */
  static final List<Series> CPU = List.of(
      new Series("process_cpu_seconds_total", 1, "seconds"),
      new Series("process_cpu_time_ns_total", 1e-9, "seconds"));

  /** Allocation: bytes (Go, Micrometer), else collected objects (Python). */
  static final List<Series> ALLOC = List.of(
      new Series("go_memstats_alloc_bytes_total", 1, "bytes"),
      new Series("jvm_gc_memory_allocated_bytes_total", 1, "bytes"),
      new Series("python_gc_objects_collected_total", 1, "objects"));

  /** Collections. */
  static final List<Series> GC = List.of(
      new Series("go_gc_duration_seconds_count", 1, "collections"),
      new Series("jvm_gc_pause_seconds_count", 1, "collections"),
      new Series("python_gc_collections_total", 1, "collections"));

  /** The pause-time counter (seconds) that goes with a collection count, where the target has one. */
  static final Map<String, String> PAUSES = Map.of(
      "go_gc_duration_seconds_count", "go_gc_duration_seconds_sum",
      "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum");

  /** Open file descriptors (a gauge). */
  static final List<Series> OPEN_FDS = List.of(
      new Series("process_open_fds", 1, "descriptors"),
      new Series("process_files_open_files", 1, "descriptors"));

  /** Every series a reading keeps, with the plan's own {@code named} ones. */
  static Set<String> known(Map<String, String> named) {
    return Stream.of(
            Stream.of(CPU, ALLOC, GC, OPEN_FDS).flatMap(List::stream).map(Series::name),
            PAUSES.values().stream(),
            named.values().stream())
        .flatMap(s -> s)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The series to read, figure by figure: the plan's one where it names one ({@code cpu} in
   * seconds, {@code alloc} in bytes, {@code gc-count}, {@code gc-pause} in seconds, {@code
   * open-fds}), the well-known ones otherwise.
   */
  record Sources(
      List<Series> cpu, List<Series> alloc, List<Series> gc, Map<String, String> pauses, List<Series> openFds) {
    static final Sources DEFAULT = new Sources(CPU, ALLOC, GC, PAUSES, OPEN_FDS);

    static Sources of(Map<String, String> named) {
      String count = named.get("gc-count");
      String pause = named.get("gc-pause");
      return new Sources(
          named.containsKey("cpu") ? List.of(new Series(named.get("cpu"), 1, "seconds")) : CPU,
          named.containsKey("alloc") ? List.of(new Series(named.get("alloc"), 1, "bytes")) : ALLOC,
          count != null ? List.of(new Series(count, 1, "collections")) : GC,
          count == null ? PAUSES : pause == null ? Map.of() : Map.of(count, pause),
          named.containsKey("open-fds") ? List.of(new Series(named.get("open-fds"), 1, "descriptors")) : OPEN_FDS);
    }
  }

  private static final List<String> FIGURES = List.of("cpu", "alloc", "gc", "gc_pause", "open_fds", "open_fds_growth");

  /** Nothing measured, for one reason. */
  public static TargetEfficiency notMeasured(String reason) {
    Map<String, String> why = new LinkedHashMap<>();
    FIGURES.forEach(f -> why.put(f, reason));
    return new TargetEfficiency(null, 0, 0, null, null, null, null, null, null, null, null, null, null, null,
        GrowthSlope.notMeasured(reason), why);
  }

  /** These figures with the descriptor slope the round-end readings gave. */
  TargetEfficiency withOpenFdsGrowth(GrowthSlope growth) {
    Map<String, String> why = new LinkedHashMap<>(notMeasured);
    why.remove("open_fds_growth");
    if (growth.perRequest() == null) {
      why.put("open_fds_growth", growth.notMeasured());
    }
    return new TargetEfficiency(runtime, requests, seconds, cpuSecondsPer1kRequests, cpuCores, cpuSeries,
        allocPerRequest, allocUnit, allocSeries, gcCollectionsPer1kRequests, gcPauseMsPer1kRequests, gcSeries,
        openFdsDelta, openFdsSeries, growth, why);
  }

  /**
   * The value of the first of {@code candidates} that {@code reading} has, with its name; {@code
   * null} when it has none.
   */
  static Map.Entry<String, Double> first(List<Series> candidates, CounterReading reading) {
    for (Series s : candidates) {
      Double value = reading.sums().get(s.name());
      if (value != null) {
        return Map.entry(s.name(), value * s.scale());
      }
    }
    return null;
  }

  /**
   * The figures between two readings.
   *
   * @param before the reading before the warm-up, which descriptors are counted from
   * @param startRequests requests the probe had completed when the first reading was answered
   */
  static TargetEfficiency between(CounterReading before,
      CounterReading start, long startRequests, long startNanos, CounterReading end, long endRequests, long endNanos) {
    return between(Sources.DEFAULT, before, start, startRequests, startNanos, end, endRequests, endNanos);
  }

  /** As above, reading the series of {@code sources}. */
  static TargetEfficiency between(Sources sources, CounterReading before,
      CounterReading start, long startRequests, long startNanos, CounterReading end, long endRequests, long endNanos) {
    long requests = endRequests - startRequests;
    double seconds = Math.max(0, (endNanos - startNanos) / 1e9);
    if (requests <= 0) {
      TargetEfficiency none = notMeasured("no request completed between the readings at the start and the end of the measured phase");
      return new TargetEfficiency(end.runtime(), 0, seconds, null, null, null, null, null, null, null, null, null,
          null, null, none.openFdsGrowth(), none.notMeasured());
    }
    Map<String, String> why = new LinkedHashMap<>();
    Delta cpu = change(sources.cpu(), start, end, true, "cpu", why);
    Delta alloc = change(sources.alloc(), start, end, true, "alloc", why);
    Delta gc = change(sources.gc(), start, end, true, "gc", why);
    Double pauseMs = null;
    if (gc != null) {
      String sum = sources.pauses().get(gc.series().name());
      Delta pause = sum == null ? null : change(List.of(new Series(sum, 1, "seconds")), start, end, true, "gc_pause", why);
      if (sum == null) {
        why.put("gc_pause", "the target's " + gc.series().name() + " comes without pause times");
      } else if (pause != null) {
        pauseMs = pause.value() * 1000 * 1000 / requests;
      }
    } else {
      why.put("gc_pause", why.get("gc"));
    }
    Delta fds = change(sources.openFds(), before == null ? start : before, end, false, "open_fds", why);
    return new TargetEfficiency(
        end.runtime(),
        requests,
        seconds,
        cpu == null ? null : cpu.value() * 1000 / requests,
        cpu == null || seconds <= 0 ? null : cpu.value() / seconds,
        cpu == null ? null : cpu.series().name(),
        alloc == null ? null : alloc.value() / requests,
        alloc == null ? null : alloc.series().unit(),
        alloc == null ? null : alloc.series().name(),
        gc == null ? null : gc.value() * 1000 / requests,
        pauseMs,
        gc == null ? null : gc.series().name(),
        fds == null ? null : Math.round(fds.value()),
        fds == null ? null : fds.series().name(),
        GrowthSlope.notMeasured("no round-end readings were fitted"),
        why);
  }

  private record Delta(Series series, double value) {}

  /**
   * The change of the first series of {@code candidates} either reading has, between them; a
   * counter may not go down (that is a reset, not a figure), a gauge may.
   */
  private static Delta change(List<Series> candidates, CounterReading start, CounterReading end, boolean counter,
      String figure, Map<String, String> why) {
    for (Series s : candidates) {
      Double before = start.sums().get(s.name());
      Double after = end.sums().get(s.name());
      if (before == null && after == null) {
        continue;
      }
      if (before == null || after == null) {
        why.put(figure, s.name() + " is missing from the reading at the " + (before == null ? "start" : "end"));
        return null;
      }
      if (counter && after < before) {
        why.put(figure, String.format(Locale.ROOT,
            "%s went down from %s to %s: the target restarted or reset it", s.name(), before, after));
        return null;
      }
      return new Delta(s, (after - before) * s.scale());
    }
    why.put(figure, "the target exposes none of " + candidates.stream().map(Series::name).toList());
    return null;
  }
}
