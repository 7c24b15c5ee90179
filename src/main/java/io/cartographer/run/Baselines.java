package io.cartographer.run;

import io.cartographer.verdict.ComparisonStatus;
import io.cartographer.passport.Passport;
import io.cartographer.config.CartographerConfig;
import io.cartographer.passport.PassportFigures;
import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.PassportListing;
import io.cartographer.passport.PassportStore;
import io.cartographer.plan.Plan;
import io.cartographer.plan.Tolerances;
import io.cartographer.plan.Variant;
import io.cartographer.verdict.ComparisonJudge;
import io.cartographer.verdict.ComparisonJudge.VariantBaseline;
import io.cartographer.verdict.EnvironmentCheck;
import io.cartographer.verdict.RunComparison;
import io.cartographer.verdict.RunFigures;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Chooses what each variant of a run is compared with, and compares. A variant's baseline is, in
 * this order: the passport asked for ({@code --baseline id|file|latest}), the pin of {@code
 * cartographer.baseline.pin} (when it is a passport of this plan), the plan's pin made over HTTP,
 * or the variant's own latest clean measurement (it passed its thresholds without a regression,
 * with the same definition, by a probe as warm, preferring one in a like environment). So one
 * variant that keeps failing does not leave the others without a baseline. The variant's clean
 * measurements in a like environment are also its history, from which noise is estimated.
 */
@ApplicationScoped
public class Baselines {

  private final CartographerConfig config;

  public Baselines(CartographerConfig config) {
    this.config = config;
  }

  /**
   * @param given {@code latest}, a passport id, or a passport file; empty for the default choice
   * @throws IllegalArgumentException when the given baseline cannot be read
   */
  public RunComparison compare(Plan plan, RunFigures current, PassportStore store, Optional<String> given)
      throws IOException {
    return compare(plan, current, store, given, false);
  }

  /**
   * {@code earlier} with the variants of {@code remeasured} judged again from their new
   * measurement, each metric alone ({@link ComparisonJudge#confirm}); the other variants keep
   * their findings.
   */
  public RunComparison confirm(Plan plan, RunComparison earlier, RunFigures remeasured, PassportStore store,
      Optional<String> given) throws IOException {
    RunComparison again = compare(plan, remeasured, store, given, true);
    Map<String, io.cartographer.verdict.VariantComparison> merged = new LinkedHashMap<>(earlier.byVariant());
    merged.putAll(again.byVariant());
    return new RunComparison(earlier.baselineId(), earlier.baselineSource(), earlier.warnings(),
        earlier.falseAlarmRate(), merged);
  }

  private RunComparison compare(Plan plan, RunFigures current, PassportStore store, Optional<String> given,
      boolean confirmation) throws IOException {
    List<RunFigures> earlier = new ArrayList<>();
    for (PassportListing item : store.completeRuns(plan.name(), Math.max(1, config.baseline().history()))) {
      store.read(item.id()).map(Baselines::parse).map(PassportFigures::from).ifPresent(earlier::add);
    }
    RunFigures fixed = null;
    String fixedSource = null;
    if (given.isPresent()) {
      fixed = PassportFigures.from(given(store, given.get()));
      fixedSource = "given";
    } else {
      for (Optional<String> pin : List.of(config.baseline().pin(), pinned(store, plan.name()))) {
        if (fixed == null && pin.isPresent() && PassportId.isValid(pin.get())) {
          Passport pinned = store.read(pin.get()).map(Baselines::parse).orElse(null);
          if (pinned != null && plan.name().equals(pinned.plan().name())) {
            fixed = PassportFigures.from(pinned);
            fixedSource = "pinned";
          }
        }
      }
    }
    Map<String, VariantBaseline> baselines = new LinkedHashMap<>();
    for (Map.Entry<String, RunFigures.VariantFigures> e : current.variants().entrySet()) {
      baselines.put(e.getKey(), choose(e.getKey(), e.getValue(), current, earlier, fixed, fixedSource));
    }
    List<RunFigures> known = new ArrayList<>(earlier);
    if (fixed != null) {
      known.add(fixed);
    }
    return comparison(current, baselines, tolerances(plan), known, falseAlarmRate(), confirmation);
  }

  /** Compares two passports, the way {@code compare A B} and the compare endpoint do: no history. */
  public static RunComparison compare(Passport current, Passport baseline, Map<String, Tolerances> tolerances,
      double falseAlarmRate) {
    RunFigures a = PassportFigures.from(current);
    RunFigures b = PassportFigures.from(baseline);
    Map<String, VariantBaseline> baselines = new LinkedHashMap<>();
    for (Map.Entry<String, RunFigures.VariantFigures> e : a.variants().entrySet()) {
      baselines.put(e.getKey(), choose(e.getKey(), e.getValue(), a, List.of(), b, "given"));
    }
    return comparison(a, baselines, tolerances, List.of(b), falseAlarmRate, false);
  }

  public double falseAlarmRate() {
    return config.verdict().falseAlarmRate();
  }

  /**
   * Checks that a baseline asked for can be read, before a run spends its load.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public void check(PassportStore store, String given) throws IOException {
    given(store, given);
  }

  static VariantBaseline choose(String key, RunFigures.VariantFigures now, RunFigures current,
      List<RunFigures> earlier, RunFigures fixed, String fixedSource) {
    int cores = current.fingerprint().cpus();
    List<RunFigures> candidates = new ArrayList<>();
    List<RunFigures> alike = new ArrayList<>();
    boolean changed = false;
    for (RunFigures run : earlier) {
      RunFigures.VariantFigures then = run.variants().get(key);
      if (then == null) {
        continue;
      }
      if (!now.sameDefinitionAs(then)) {
        changed = true;
        continue;
      }
      if (then.clean() && run.fingerprint().sameWarmth(current.fingerprint())) {
        candidates.add(run);
        if (EnvironmentCheck.alike(now.environment(), then.environment(), cores)) {
          alike.add(run);
        }
      }
    }
    List<RunFigures> history = alike.isEmpty() ? candidates : alike;
    if (fixed != null && fixed.variants().containsKey(key)) {
      RunFigures.VariantFigures then = fixed.variants().get(key);
      if (!now.sameDefinitionAs(then)) {
        return VariantBaseline.none(ComparisonStatus.INCOMPARABLE, "its definition changed since the baseline " + fixed.id()
            + " (method, path, headers, body, expected status, load or determinism)");
      }
      return baseline(key, fixed, fixedSource, then, now, cores, history);
    }
    if (candidates.isEmpty()) {
      return changed
          ? VariantBaseline.none(ComparisonStatus.INCOMPARABLE, "its definition changed since its last clean measurement"
              + " (method, path, headers, body, expected status, load or determinism)")
          : VariantBaseline.none(ComparisonStatus.NO_BASELINE, "no earlier clean measurement of this variant"
              + (current.fingerprint().warmProbe() == Boolean.TRUE ? " by a warm probe" : "") + " to compare with");
    }
    RunFigures chosen = alike.isEmpty() ? candidates.get(0) : alike.get(0);
    return baseline(key, chosen, "latest-clean", chosen.variants().get(key), now, cores, history);
  }

  private static VariantBaseline baseline(String key, RunFigures run, String source, RunFigures.VariantFigures then,
      RunFigures.VariantFigures now, int cores, List<RunFigures> history) {
    return new VariantBaseline(run.id(), source, then,
        history.stream().map(h -> h.variants().get(key)).toList(),
        history.stream().map(RunFigures::id).toList(),
        null, null,
        EnvironmentCheck.difference(now.environment(), then.environment(), cores).orElse(null));
  }

  private static RunComparison comparison(RunFigures current, Map<String, VariantBaseline> baselines,
      Map<String, Tolerances> tolerances, List<RunFigures> earlier, double rate, boolean confirmation) {
    Map<String, Long> uses = baselines.values().stream().filter(b -> b.passportId() != null)
        .collect(Collectors.groupingBy(VariantBaseline::passportId, LinkedHashMap::new, Collectors.counting()));
    String mostUsed = uses.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    String source = baselines.values().stream().filter(b -> b.passportId() != null && b.passportId().equals(mostUsed))
        .map(VariantBaseline::source).findFirst().orElse(null);
    Map<String, RunFigures> byId = new HashMap<>();
    earlier.forEach(r -> byId.put(r.id(), r));
    RunFigures mostUsedRun = byId.get(mostUsed);
    List<String> warnings = ComparisonJudge.warnings(current, mostUsedRun);
    return new RunComparison(mostUsed, source, warnings, rate, confirmation
        ? ComparisonJudge.confirm(current, baselines, tolerances, rate)
        : ComparisonJudge.compare(current, baselines, tolerances, rate));
  }

  static Map<String, Tolerances> tolerances(Plan plan) {
    return plan.variants().stream().collect(Collectors.toMap(Variant::key, Variant::tolerances, (a, b) -> a,
        LinkedHashMap::new));
  }

  private static Optional<String> pinned(PassportStore store, String plan) {
    try {
      return store.pinned(plan);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Passport given(PassportStore store, String ref) throws IOException {
    return readable(ref.equals("latest") ? store.latest() : store.readIdOrFile(ref), "baseline '" + ref + "'");
  }

  /**
   * The passport in {@code bytes}, which a user named as {@code what}.
   *
   * @throws IllegalArgumentException when there is none or it is damaged, saying which and where
   */
  static Passport readable(Optional<byte[]> bytes, String what) {
    if (bytes.isEmpty()) {
      throw new IllegalArgumentException("no passport " + what);
    }
    try {
      return PassportJson.read(bytes.get());
    } catch (PassportJson.UnreadablePassportException e) {
      throw new IllegalArgumentException(what + " is not a readable passport: " + e.getMessage(), e);
    }
  }

  /** A stored passport, or {@code null} when it is damaged: a damaged run is no baseline. */
  private static Passport parse(byte[] bytes) {
    try {
      return PassportJson.read(bytes);
    } catch (PassportJson.UnreadablePassportException e) {
      return null;
    }
  }
}
