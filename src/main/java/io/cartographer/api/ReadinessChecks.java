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
      // Readiness is unauthenticated: the reason names the directory by its role, not its path.
      var response = HealthCheckResponse.named("passport-directory");
      try {
        store.checkWritable();
        return response.up().build();
      } catch (IOException | RuntimeException e) {
        return response.down().withData("error", "not writable: " + withoutPaths(e)).build();
      }
    };
  }

  /** What went wrong, without the file names a file-system error carries. */
  private String withoutPaths(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause != cause.getCause() && !(cause instanceof java.nio.file.FileSystemException)) {
      cause = cause.getCause();
    }
    if (cause instanceof java.nio.file.FileSystemException fs) {
      return fs.getClass().getSimpleName() + (fs.getReason() == null ? "" : ": " + fs.getReason());
    }
    return String.valueOf(e.getMessage()).replace(store.dir().toString(), "<passport-dir>");
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
