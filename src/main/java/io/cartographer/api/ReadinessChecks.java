package io.cartographer.api;

import io.cartographer.passport.PassportStore;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.run.PlanSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means a run could start now: the plan is valid and a passport could be written. The plan's
 * answer is kept while its source is unchanged ({@link PlanSource#fingerprint}): a probe every few
 * seconds then costs a look at the file, not a parse, and the first one is answered by the check
 * that start-up began beside the HTTP server's.
 */
@ApplicationScoped
public class ReadinessChecks {

  private final PassportStore store;
  private final PlanSource plans;
  private final AtomicReference<PlanAnswer> lastPlanAnswer = new AtomicReference<>();

  /** The plan check's answer for the plan as {@code fingerprint} identified it. */
  private record PlanAnswer(Object fingerprint, HealthCheckResponse response) {}

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
    return this::planAnswer;
  }

  /** Checks the plan once as the application starts, off its thread, so that the first probe finds it done. */
  void checkPlanEarly(@Observes StartupEvent started) {
    Thread thread = new Thread(this::planAnswer, "cartographer-readiness");
    thread.setDaemon(true);
    thread.start();
  }

  /** One check at a time: a probe that arrives while start-up's check runs waits for its answer. */
  private synchronized HealthCheckResponse planAnswer() {
    Optional<Object> fingerprint = plans.fingerprint();
    PlanAnswer last = lastPlanAnswer.get();
    if (last != null && fingerprint.isPresent() && Objects.equals(last.fingerprint(), fingerprint.get())) {
      return last.response();
    }
    HealthCheckResponse answer = checkPlan();
    fingerprint.ifPresent(f -> lastPlanAnswer.set(new PlanAnswer(f, answer)));
    return answer;
  }

  private HealthCheckResponse checkPlan() {
    var response = HealthCheckResponse.named("plan");
    try {
      PlanSource.LoadedPlan loaded = plans.load(Optional.empty());
      return response.up().withData("name", loaded.plan().name()).withData("source", loaded.source()).build();
    } catch (InvalidPlanException e) {
      return response.down().withData("error", e.getMessage()).build();
    }
  }
}
