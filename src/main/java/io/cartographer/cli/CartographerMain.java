package io.cartographer.cli;

import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.ShardMergeException;
import io.cartographer.run.ShardMerges;
import io.cartographer.passport.PassportStore;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.run.RunCoordinator;
import io.cartographer.run.RunInProgressException;
import io.cartographer.run.RunState;
import io.cartographer.run.RunStatus;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Entry point of the jar. No arguments: the long-running service. {@code run}: one run of the
 * plan, a summary table, and an exit code a CronJob or CI can act on.
 */
@QuarkusMain
public class CartographerMain implements QuarkusApplication {

  static final int EXIT_PASS = 0;
  static final int EXIT_FAILED_VERDICT = 1;
  static final int EXIT_INVALID_INPUT = 2;

  static final String USAGE =
      """
      usage: cartographer [command] [options]
        (no command)       run as a service: HTTP API, scheduler, demo target
        run                run the plan once, write a passport, print a summary
            --plan FILE          plan file (default: cartographer.plan, else the demo plan)
            --passport-dir DIR   where to write the passport (default: cartographer.passport-dir)
            --shard-index I      distributed run: send shard I of the load
            --shard-count N        of N shards (default: env JOB_COMPLETION_INDEX, JOB_COMPLETIONS)
            --run-id NAME        the name all shards share (default: env CARTOGRAPHER_RUN_ID)
        merge              merge the shard passports of a distributed run into its passport
            --run-id NAME        the shared name given to the shards (required)
            --plan FILE, --passport-dir DIR   as for run
        help               this text
      exit codes of run and merge: 0 all variants passed, 1 a verdict failed, 2 invalid input
      (a shard's own verdict does not decide its exit code: the merge judges the whole run)
      """;

  private static final Map<String, Set<String>> OPTIONS =
      Map.of(
          "serve", Set.of(),
          "run", Set.of("plan", "passport-dir", "shard-index", "shard-count", "run-id"),
          "merge", Set.of("plan", "passport-dir", "run-id"),
          "help", Set.of());

  /**
   * Checks command-line arguments the way the entry point does, for tools that generate them
   * (the Kubernetes manifests' tests).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void checkArguments(String... args) {
    try {
      CliArguments.parse(args, OPTIONS);
    } catch (CliArguments.UsageException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private final RunCoordinator runs;
  private final ShardMerges merges;
  private final PassportStore configuredStore;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  public CartographerMain(RunCoordinator runs, ShardMerges merges, PassportStore configuredStore) {
    this.runs = runs;
    this.merges = merges;
    this.configuredStore = configuredStore;
  }

  /**
   * A one-shot command listens on a random free port unless a port is set on the command line or
   * in the environment, so that it can run beside a service that holds 8080; and it never starts
   * scheduled runs of its own.
   */
  public static void main(String... args) {
    boolean oneShot = args.length > 0 && !"serve".equals(args[0]);
    if (oneShot) {
      if (System.getProperty("quarkus.http.port") == null && System.getenv("QUARKUS_HTTP_PORT") == null) {
        System.setProperty("quarkus.http.port", "0");
      }
      System.setProperty("cartographer.schedule.cron", "off");
      System.setProperty(io.cartographer.schedule.ShardMergeWatcher.ONE_SHOT_PROPERTY, "true");
    }
    Quarkus.run(CartographerMain.class, args);
  }

  @Override
  public int run(String... args) throws Exception {
    CliArguments arguments;
    try {
      arguments = CliArguments.parse(args, OPTIONS);
    } catch (CliArguments.UsageException e) {
      err.println("cartographer: " + e.getMessage());
      err.print(USAGE);
      return EXIT_INVALID_INPUT;
    }
    return switch (arguments.command()) {
      case "serve" -> {
        Quarkus.waitForExit();
        yield EXIT_PASS;
      }
      case "help" -> {
        out.print(USAGE);
        yield EXIT_PASS;
      }
      case "merge" -> merge(arguments);
      default -> runOnce(arguments);
    };
  }

  private int merge(CliArguments arguments) throws Exception {
    Optional<String> runId = arguments.option("run-id");
    if (runId.isEmpty()) {
      err.println("cartographer: merge needs --run-id");
      return EXIT_INVALID_INPUT;
    }
    PassportStore store =
        arguments.option("passport-dir").map(d -> new PassportStore(Path.of(d))).orElse(configuredStore);
    try {
      var stored = merges.merge(PassportId.runIdFor(runId.get()), arguments.option("plan"), store);
      out.print(SummaryTable.render(PassportJson.read(PassportJson.write(stored.passport()))));
      out.println("passport: " + stored.file());
      return "PASS".equals(stored.passport().summary().verdict()) ? EXIT_PASS : EXIT_FAILED_VERDICT;
    } catch (ShardMergeException | InvalidPlanException | IllegalArgumentException e) {
      err.println("cartographer: cannot merge run " + runId.get() + ": " + e.getMessage());
      return EXIT_INVALID_INPUT;
    }
  }

  /** The shard this process runs, from flags or from an Indexed Job's environment. */
  private static Optional<RunCoordinator.ShardSpec> shard(CliArguments arguments, Map<String, String> env) {
    Optional<String> index = arguments.option("shard-index").or(() -> Optional.ofNullable(env.get("JOB_COMPLETION_INDEX")));
    Optional<String> count = arguments.option("shard-count").or(() -> Optional.ofNullable(env.get("JOB_COMPLETIONS")));
    if (index.isEmpty() && count.isEmpty()) {
      return Optional.empty();
    }
    if (index.isEmpty() || count.isEmpty()) {
      throw new IllegalArgumentException(
          "a shard needs both an index and a count (--shard-index/--shard-count or JOB_COMPLETION_INDEX/JOB_COMPLETIONS)");
    }
    try {
      return Optional.of(new RunCoordinator.ShardSpec(Integer.parseInt(index.get().trim()), Integer.parseInt(count.get().trim())));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shard index and count must be whole numbers, got " + index.get() + " and " + count.get());
    }
  }

  private int runOnce(CliArguments arguments) throws Exception {
    if (!arguments.positional().isEmpty()) {
      err.println("cartographer: 'run' takes no arguments, only options; got " + arguments.positional());
      err.print(USAGE);
      return EXIT_INVALID_INPUT;
    }
    Optional<PassportStore> store = arguments.option("passport-dir").map(d -> new PassportStore(Path.of(d)));
    Optional<RunCoordinator.ShardSpec> shard;
    Optional<String> runId = arguments.option("run-id").or(() -> Optional.ofNullable(System.getenv("CARTOGRAPHER_RUN_ID")));
    try {
      shard = shard(arguments, System.getenv());
      if (shard.isPresent() && runId.isEmpty()) {
        throw new IllegalArgumentException("the shards of a distributed run must share --run-id (or CARTOGRAPHER_RUN_ID)");
      }
    } catch (IllegalArgumentException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    }
    RunCoordinator.Started started;
    try {
      started = runs.start("cli", new RunCoordinator.RunOptions(arguments.option("plan"), store, runId, shard, arguments.option("baseline")));
    } catch (InvalidPlanException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    } catch (RunInProgressException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    } catch (IOException e) {
      err.println("cartographer: the passport directory is not writable: " + e);
      return EXIT_INVALID_INPUT;
    }
    RunStatus last = awaitWithProgress(started.status().id(), started.completion());
    if (last.state() != RunState.DONE) {
      err.println("cartographer: run " + last.id() + " failed: " + last.error());
      return EXIT_INVALID_INPUT;
    }
    out.println();
    out.print(SummaryTable.render(PassportJson.read(Files.readAllBytes(Path.of(last.passportPath())))));
    if (shard.isPresent()) {
      out.println("shard passport: " + last.passportPath());
      out.println("run id: " + last.id() + " (merge the shards with: merge --run-id " + last.id() + ")");
      return EXIT_PASS;
    }
    out.println("passport: " + last.passportPath());
    return "PASS".equals(last.verdict()) ? EXIT_PASS : EXIT_FAILED_VERDICT;
  }

  private RunStatus awaitWithProgress(String id, CompletableFuture<RunStatus> completion)
      throws Exception {
    ProgressReporter progress = new ProgressReporter(System.console() != null, out);
    while (true) {
      try {
        RunStatus last = completion.get(1, TimeUnit.SECONDS);
        progress.finish();
        return last;
      } catch (TimeoutException e) {
        runs.status(id).ifPresent(progress::report);
      }
    }
  }
}
