package io.cartographer.api;

import io.cartographer.passport.PassportStore;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.run.PlanSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready means a run could start now: the plan is valid and a passport could be written. */
@ApplicationScoped
public class ReadinessChecks {

  private final PassportStore store;
  private final PlanSource plans;

  public ReadinessChecks(PassportStore store, PlanSource plans) {
    this.store = store;
    this.plans = plans;
  }

  @Produces
  @Readiness
  HealthCheck passportDirectory() {
    return () -> {
      var response = HealthCheckResponse.named("passport-directory").withData("path", store.dir().toString());
      try {
        store.checkWritable();
        return response.up().build();
      } catch (IOException | RuntimeException e) {
        return response.down().withData("error", "not writable: " + e).build();
      }
    };
  }

  @Produces
  @Readiness
  HealthCheck plan() {
    return () -> {
      var response = HealthCheckResponse.named("plan");
      try {
        PlanSource.LoadedPlan loaded = plans.load(Optional.empty());
        return response.up().withData("name", loaded.plan().name()).withData("source", loaded.source()).build();
      } catch (InvalidPlanException e) {
        return response.down().withData("error", e.getMessage()).build();
      }
    };
  }
}
