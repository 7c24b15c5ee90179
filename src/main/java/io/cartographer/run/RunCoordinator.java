package io.cartographer.run;

import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportStore;
import io.cartographer.plan.InvalidPlanException;
import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Holds the single run slot: whoever starts a run (HTTP, scheduler, CLI) goes through {@link
 * #start}, and a second start while one runs is refused with the running id. Runs execute on one
 * dedicated thread, never on an event loop or a request thread.
 */
@ApplicationScoped
public class RunCoordinator {

  private static final Logger LOG = Logger.getLogger(RunCoordinator.class);
  private static final int REMEMBERED_RUNS = 100;
  private static final java.time.Duration WRITE_GRACE = java.time.Duration.ofSeconds(5);

  private final PlanSource plans;
  private final RunExecutor executor;
  private final PassportStore store;
  private final java.time.Duration abortGrace;
  private final java.time.Duration sentPlanDeadline;
  private final AtomicReference<RunHandle> active = new AtomicReference<>();
  private final Map<String, RunHandle> recent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunHandle> eldest) {
          return size() > REMEMBERED_RUNS;
        }
      };
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "cartographer-run");
            t.setDaemon(true);
            return t;
          });

  private final jakarta.enterprise.event.Event<RunFinished> finished;
  private final Baselines baselines;

  public RunCoordinator(
      PlanSource plans,
      RunExecutor executor,
      PassportStore store,
      jakarta.enterprise.event.Event<RunFinished> finished,
      Baselines baselines,
      io.cartographer.config.CartographerConfig config) {
    this.abortGrace = config.run().abortGrace();
    this.sentPlanDeadline = config.run().caps().maxDuration();
    this.baselines = baselines;
    this.plans = plans;
    this.executor = executor;
    this.store = store;
    this.finished = finished;
  }

  /**
   * What a run needs besides the configuration, all optional.
   *
   * @param runId a name shared by the shards of a distributed run
   * @param shard which part of the load this process sends
   * @param baseline what to compare with: {@code latest}, a passport id or file
   * @param planText a plan sent with the request, run instead of the configured one when allowed
   * @param confirm how many times a variant that looks regressed is re-measured (default:
   *     {@code cartographer.verdict.confirm})
   */
  public record RunOptions(
      Optional<String> planFile,
      Optional<PassportStore> store,
      Optional<String> runId,
      Optional<ShardSpec> shard,
      Optional<String> baseline,
      Optional<String> planText,
      java.util.OptionalInt confirm) {
    public static final RunOptions CONFIGURED =
        new RunOptions(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            java.util.OptionalInt.empty());

    /** The configured plan's run, or the run of {@code planText} when it is not blank. */
    public static RunOptions withPlanText(String planText) {
      return planText == null || planText.isBlank()
          ? CONFIGURED
          : new RunOptions(
              Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
              Optional.of(planText), java.util.OptionalInt.empty());
    }
  }

  /** Shard {@code index} of {@code count}; validated on construction. */
  public record ShardSpec(int index, int count) {
    public ShardSpec {
      if (count < 1 || count > 1000 || index < 0 || index >= count) {
        throw new IllegalArgumentException(
            "shard index must be from 0 to count - 1 and count from 1 to 1000, got " + index + " of " + count);
      }
    }
  }

  /**
   * Starts a run in the background.
   *
   * @param trigger who asked: {@code http}, {@code schedule} or {@code cli}
   * @return the run's status and a future completing with its final status
   * @throws RunInProgressException while another run holds the slot
   * @throws InvalidPlanException when the plan cannot be used; no run is started
   * @throws IOException when no passport could be written; no run is started
   * @throws IllegalArgumentException when the baseline asked for cannot be read; no run is started
   * @throws PlanOverrideRefusedException when a plan sent with the request may not run here
   */
  public Started start(String trigger, RunOptions options)
      throws RunInProgressException, InvalidPlanException, IOException, PlanOverrideRefusedException {
    RunHandle handle =
        new RunHandle(options.runId().map(PassportId::runIdFor).orElseGet(PassportId::newRunId), trigger);
    RunHandle holder = active.compareAndExchange(null, handle);
    if (holder != null) {
      throw new RunInProgressException(holder.id);
    }
    PassportStore target = options.store().orElse(store);
    PlanSource.LoadedPlan plan;
    try {
      plan =
          options.planText().isPresent()
              ? plans.loadOverride(options.planText().get())
              : plans.load(options.planFile());
      target.checkWritable();
      if (options.baseline().isPresent()) {
        baselines.check(target, options.baseline().get());
      }
    } catch (InvalidPlanException | IOException | PlanOverrideRefusedException | RuntimeException e) {
      active.set(null);
      throw e;
    }
    synchronized (recent) {
      recent.put(handle.id, handle);
    }
    LOG.infof("run %s started by %s: plan %s", handle.id, trigger, plan.plan().name());
    if (options.planText().isPresent()) {
      CompletableFuture.delayedExecutor(sentPlanDeadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .execute(() -> cancelIfRunning(handle,
              "the sent plan ran longer than cartographer.run.caps.max-duration=" + sentPlanDeadline.toSeconds() + "s"));
    }
    worker.execute(() -> execute(handle, plan, target, options));
    return new Started(handle.status(), handle.ended);
  }

  /** A started run: its first status and the future of its last. */
  public record Started(RunStatus status, CompletableFuture<Ended> completion) {}

  /** An ended run: its last status, and the passport it stored ({@code null} when none). */
  public record Ended(RunStatus status, io.cartographer.passport.Passport passport) {}

  public Optional<RunStatus> status(String id) {
    synchronized (recent) {
      return Optional.ofNullable(recent.get(id)).map(RunHandle::status);
    }
  }

  /** What a request to cancel a run found. */
  public enum Cancel {
    /** The run was in progress and is stopping; it stores what it measured as an aborted passport. */
    STOPPING,
    /** The run is known but has ended. */
    ENDED,
    /** No run of that id is known. */
    UNKNOWN
  }

  /** Cancels run {@code id} if it is the one in progress. */
  public Cancel cancel(String id, String why) {
    RunHandle handle = active.get();
    if (handle != null && handle.id.equals(id)) {
      return cancelIfRunning(handle, why) ? Cancel.STOPPING : Cancel.ENDED;
    }
    synchronized (recent) {
      return recent.containsKey(id) ? Cancel.ENDED : Cancel.UNKNOWN;
    }
  }

  private boolean cancelIfRunning(RunHandle handle, String why) {
    if (active.get() != handle) {
      return false;
    }
    LOG.warnf("run %s cancelled: %s", handle.id, why);
    handle.abort(why);
    return true;
  }

  /** The id of the run in progress, if any. */
  public Optional<String> running() {
    return Optional.ofNullable(active.get()).map(h -> h.id);
  }

  private void execute(
      RunHandle handle,
      PlanSource.LoadedPlan plan,
      PassportStore target,
      RunOptions options) {
    try {
      RunExecutor.Stored stored = executor.execute(handle, plan, target, options);
      if (stored.aborted()) {
        handle.aborted(stored.passport(), stored.file(), handle.stop.reason());
        LOG.warnf("run %s aborted (%s): %s", handle.id, handle.stop.reason(),
            stored.file() == null ? "no variant ended, no passport stored" : "passport " + stored.file());
        return;
      }
      handle.done(stored.passport(), stored.file());
      if (stored.passport().shard() == null) {
        finished.fire(new RunFinished(stored.passport(), stored.file()));
      }
      LOG.infof(
          "run %s %s: passport %s", handle.id, stored.passport().summary().verdict(), stored.file());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.failed("interrupted before the passport was written");
    } catch (Exception | Error e) {
      handle.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
      LOG.errorf(e, "run %s failed", handle.id);
    } finally {
      active.set(null);
      handle.ended.complete(new Ended(handle.status(), handle.passport()));
    }
  }

  /**
   * On shutdown (SIGTERM), aborts the run in progress and waits for it to store its aborted
   * passport: at most the abort grace for requests in flight, plus time to write. Quarkus fires
   * this event on the thread that stops the application (the JVM's shutdown hook, or the main
   * thread of a one-shot command), never on an event loop, which the run itself needs meanwhile.
   */
  void abortOnShutdown(@Observes ShutdownEvent event) {
    RunHandle handle = active.get();
    if (handle == null || io.vertx.core.Context.isOnEventLoopThread()) {
      return;
    }
    handle.abort("the process is shutting down");
    try {
      handle.ended.get(abortGrace.plus(WRITE_GRACE).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warnf("run %s did not store its aborted passport before shutdown: %s", handle.id, e);
    }
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
