package io.cartographer.run;

import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.PassportStore;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.plan.Tolerances;
import io.cartographer.plan.Variant;
import io.cartographer.verdict.RunComparison;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compares any two passports, for {@code GET /passports/{id}/compare} and the CLI's {@code
 * compare A B}: the same inputs give the same answer. The tolerances are the configured plan's
 * when it is the plan both passports ran, 5 % otherwise; with no history, the noise comes from the
 * two passports' own samples and the run-to-run floor.
 */
@ApplicationScoped
public class Comparisons {

  private final PlanSource plans;
  private final Baselines baselines;

  public Comparisons(PlanSource plans, Baselines baselines) {
    this.plans = plans;
    this.baselines = baselines;
  }

  /**
   * A passport by id in {@code store}, or a file.
   *
   * @throws IllegalArgumentException naming what could not be read
   */
  public Passport read(PassportStore store, String ref) throws IOException {
    return Baselines.readable(store.readIdOrFile(ref), "'" + ref + "'");
  }

  public RunComparison compare(Passport current, Passport baseline, Optional<String> planFile) {
    Map<String, Tolerances> tolerances = new HashMap<>();
    try {
      var plan = plans.load(planFile).plan();
      if (plan.name().equals(current.plan().name())) {
        for (Variant v : plan.variants()) {
          tolerances.put(v.key(), v.tolerances());
        }
      }
    } catch (InvalidPlanException e) {
      // no usable plan: the default tolerance applies
    }
    return Baselines.compare(current, baseline, tolerances, baselines.falseAlarmRate());
  }
}
