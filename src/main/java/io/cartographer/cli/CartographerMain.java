package io.cartographer.cli;

import io.cartographer.passport.PassportId;
import io.cartographer.load.ErrorKind;
import io.cartographer.load.ReadBufferCache;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportJson;
import io.cartographer.run.ShardMergeException;
import io.cartographer.run.Comparisons;
import io.cartographer.run.ShardMerges;
import io.cartographer.passport.PassportStore;
import io.cartographer.passport.PassportStoreProducer;
import io.cartographer.config.CartographerConfig;
import io.cartographer.config.ProcessMode;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.run.RunCoordinator;
import io.cartographer.run.RunInProgressException;
import io.cartographer.run.RunState;
import io.cartographer.run.RunStatus;
import io.cartographer.verdict.RunComparison;
import io.cartographer.demo.DemoContent;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ParameterException;
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
  static final int EXIT_TARGET_UNREACHABLE = 3;
  /** The probe itself failed: it could not start (its port taken, say), or failed unexpectedly. */
  static final int EXIT_PROBE_FAILED = 4;
  static final int EXIT_INCONCLUSIVE = 5;

  /**
   * Checks command-line arguments the way the entry point does, for tools that generate them
   * (the Kubernetes manifests' tests).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void checkArguments(String... args) {
    try {
      CliParser.parse(args);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * The command {@link #main} parsed, for the application it starts to run: parsing the arguments
   * once keeps picocli off the start-up path twice over. Empty when the application was started
   * some other way; then {@link #run} parses them.
   */
  private static volatile Object commandOfMain;

  private final RunCoordinator runs;
  private final ShardMerges merges;
  private final Comparisons comparisons;
  private final PassportStore configuredStore;
  private final CartographerConfig config;
  private final io.micrometer.prometheus.PrometheusMeterRegistry prometheus;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  public CartographerMain(
      RunCoordinator runs,
      ShardMerges merges,
      Comparisons comparisons,
      PassportStore configuredStore,
      CartographerConfig config,
      io.micrometer.prometheus.PrometheusMeterRegistry prometheus) {
    this.prometheus = prometheus;
    this.runs = runs;
    this.config = config;
    this.merges = merges;
    this.comparisons = comparisons;
    this.configuredStore = configuredStore;
  }

  /**
   * A one-shot command listens on a random free port unless a port is set on the command line or
   * in the environment, so that it can run beside a service that holds 8080; and it never starts
   * scheduled runs of its own.
   */
  public static void main(String... args) {
    ReadBufferCache.configure(System.getProperties());
    CliParser.Parsed parsed;
    try {
      parsed = CliParser.parse(args);
      if (CliParser.answerHelp(parsed, System.out)) {
        return;
      }
      if (parsed.command() instanceof ValidateCommand validate) {
        System.exit(validate.run(System.out, System.err));
      }
      if (parsed.command() instanceof ProbeCommand probe) {
        ProbeCommand.Translated translated;
        try {
          translated = probe.translate();
        } catch (IllegalArgumentException e) {
          throw new ParameterException(parsed.commandLine().getSubcommands().get("probe"), e.getMessage(), e);
        }
        args = translated.runArguments().toArray(String[]::new);
        parsed = CliParser.parse(args);
        if (!translated.passportKept()) {
          System.setProperty(ProcessMode.PASSPORT_NOT_KEPT_PROPERTY, "true");
        }
      }
    } catch (ParameterException e) {
      CliParser.report(e, System.err);
      System.exit(EXIT_INVALID_INPUT);
      return;
    }
    boolean oneShot = !(parsed.command() instanceof CartographerCommand || parsed.command() instanceof ServeCommand);
    boolean servesTheDemo = oneShot ? probesTheDemo(parsed.command()) : mayServeTheDemo(parsed.command());
    if (oneShot) {
      if (System.getProperty("quarkus.http.port") == null && System.getenv("QUARKUS_HTTP_PORT") == null) {
        System.setProperty("quarkus.http.port", "0");
      }
      System.setProperty("cartographer.schedule.cron", "off");
      System.setProperty(ProcessMode.ONE_SHOT_PROPERTY, "true");
      // Nothing of a one-shot command is for the network: only the demo target, when it is what
      // is probed, listens, on loopback and without the API or the dashboard (OneShotRoutes).
      // A one-shot command that probes a plan file has no use for the demo either: its content is
      // not computed and its routes are not registered.
      if (servesTheDemo) {
        System.setProperty("quarkus.http.host", "127.0.0.1");
      } else {
        System.setProperty("quarkus.http.host-enabled", "false");
        System.setProperty("cartographer.demo.enabled", "false");
      }
    }
    if (servesTheDemo) {
      DemoContent.prepareInBackground();
    }
    commandOfMain = parsed.command();
    Quarkus.run(CartographerMain.class, CartographerMain::exit, args);
  }

  /**
   * Ends the process with the command's exit code or, when the application could not start, with
   * the code of what stopped it ({@link StartFailure}). A process stopped by SIGTERM or SIGINT
   * exits with 143 or 130, the JVM's own codes for them: its shutdown began before this runs.
   */
  private static void exit(int code, Throwable startFailure) {
    if (startFailure != null) {
      StartFailure.report(startFailure, System.err);
    }
    System.exit(startFailure == null ? code : StartFailure.exitCode(startFailure));
  }

  /**
   * Whether a one-shot command probes the embedded demo: a {@code run} without a plan file (no
   * {@code --plan}, no {@code cartographer.plan} as a system property or in the environment).
   */
  static boolean probesTheDemo(Object command) {
    boolean planGiven = command instanceof RunCommand run && run.plan != null
        || System.getProperty("cartographer.plan") != null || System.getenv("CARTOGRAPHER_PLAN") != null;
    return command instanceof RunCommand && !planGiven && mayServeTheDemo(command);
  }

  /**
   * Whether this command may start the demo target: a service or a run, unless the demo is switched
   * off where it can be seen before the configuration is read (a system property, the environment).
   */
  static boolean mayServeTheDemo(Object command) {
    String enabled = System.getProperty("cartographer.demo.enabled", System.getenv("CARTOGRAPHER_DEMO_ENABLED"));
    boolean servesOrRuns = command instanceof CartographerCommand || command instanceof ServeCommand || command instanceof RunCommand;
    return servesOrRuns && !"false".equalsIgnoreCase(enabled);
  }

  @Override
  public int run(String... args) throws Exception {
    Object command = commandOfMain;
    if (command == null) {
      try {
        command = CliParser.parse(args).command();
      } catch (ParameterException e) {
        CliParser.report(e, err);
        return EXIT_INVALID_INPUT;
      }
    }
    if (command instanceof RunCommand run) {
      return runOnce(run);
    }
    if (command instanceof CompareCommand compare) {
      return compare(compare);
    }
    if (command instanceof MergeCommand merge) {
      return merge(merge);
    }
    Quarkus.waitForExit();
    return EXIT_PASS;
  }

  private int merge(MergeCommand command) throws Exception {
    PassportStore store = store(command.passportDir).orElse(configuredStore);
    try {
      var stored = merges.merge(PassportId.runIdFor(command.runId), Optional.ofNullable(command.plan), store);
      out.print(SummaryTable.render(stored.passport()));
      out.println("passport: " + stored.file());
      return stored.passport().summary().verdict().passed() ? EXIT_PASS : EXIT_FAILED_VERDICT;
    } catch (ShardMergeException | InvalidPlanException | IllegalArgumentException e) {
      err.println("cartographer: cannot merge run " + command.runId + ": " + e.getMessage());
      return EXIT_INVALID_INPUT;
    }
  }

  /** The shard this process runs, from flags or from an Indexed Job's environment. */
  private static Optional<RunCoordinator.ShardSpec> shard(RunCommand command, Map<String, String> env) {
    Optional<String> index = Optional.ofNullable(command.shardIndex).map(String::valueOf)
        .or(() -> Optional.ofNullable(env.get("JOB_COMPLETION_INDEX")));
    Optional<String> count = Optional.ofNullable(command.shardCount).map(String::valueOf)
        .or(() -> Optional.ofNullable(env.get("JOB_COMPLETIONS")));
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

  private int compare(CompareCommand command) throws Exception {
    PassportStore store = store(command.passportDir).orElse(configuredStore);
    try {
      var a = comparisons.read(store, command.passport);
      var b = comparisons.read(store, command.baseline);
      var result = comparisons.compare(a, b, Optional.ofNullable(command.plan));
      out.print(ComparisonTable.render(a.id(), result));
      return result.counts().performanceRegressions() + result.counts().memoryRegressions() > 0
          ? EXIT_FAILED_VERDICT
          : EXIT_PASS;
    } catch (IllegalArgumentException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    }
  }

  private Optional<PassportStore> store(String directory) {
    return Optional.ofNullable(directory).map(d -> PassportStoreProducer.open(Path.of(d), config));
  }

  private int runOnce(RunCommand command) throws Exception {
    Optional<PassportStore> store = store(command.passportDir);
    Optional<RunCoordinator.ShardSpec> shard;
    Optional<String> runId = Optional.ofNullable(command.runId).or(() -> Optional.ofNullable(System.getenv("CARTOGRAPHER_RUN_ID")));
    try {
      shard = shard(command, System.getenv());
      if (shard.isPresent() && runId.isEmpty()) {
        throw new IllegalArgumentException("the shards of a distributed run must share --run-id (or CARTOGRAPHER_RUN_ID)");
      }
    } catch (IllegalArgumentException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    }
    Optional<String> pushGateway = Optional.ofNullable(command.pushGateway);
    java.util.OptionalInt confirm;
    try {
      if (pushGateway.isPresent()) {
        PushGateway.group(pushGateway.get(), "plan");
      }
      confirm = confirmations(command.confirm);
    } catch (IllegalArgumentException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    }
    RunCoordinator.Started started;
    try {
      started = runs.start("cli", new RunCoordinator.RunOptions(Optional.ofNullable(command.plan), store, runId, shard,
          Optional.ofNullable(command.baseline), Optional.empty(), confirm));
    } catch (InvalidPlanException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    } catch (RunInProgressException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    } catch (IOException e) {
      err.println("cartographer: the passport directory is not writable: " + e);
      return EXIT_INVALID_INPUT;
    } catch (IllegalArgumentException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    }
    RunCoordinator.Ended ended = awaitWithProgress(started.status().id(), started.completion());
    RunStatus last = ended.status();
    if (last.state() == RunState.ABORTED) {
      err.println("cartographer: run " + last.id() + " aborted (" + last.error() + "); "
          + (last.passportPath() == null ? "no variant ended, nothing stored" : "what it measured: " + last.passportPath()));
      return EXIT_FAILED_VERDICT;
    }
    if (last.state() != RunState.DONE) {
      err.println("cartographer: run " + last.id() + " failed: " + last.error());
      return EXIT_INVALID_INPUT;
    }
    out.println();
    Passport passport = ended.passport();
    out.print(SummaryTable.render(passport, ProcessMode.passportKept()));
    if (command.report != null) {
      Files.writeString(command.report, HtmlReport.render(passport));
    }
    if (command.summaryMarkdown != null) {
      Files.writeString(command.summaryMarkdown,
          MarkdownSummary.render(passport, "`" + last.passportPath() + "`"));
    }
    if (shard.isPresent()) {
      out.println("shard passport: " + last.passportPath());
      out.println("run id: " + last.id() + " (merge the shards with: merge --run-id " + last.id() + ")");
      return EXIT_PASS;
    }
    out.println(ProcessMode.passportKept() ? "passport: " + last.passportPath()
        : "passport: not kept (--passport-dir DIR keeps it)");
    if (pushGateway.isPresent()) {
      push(pushGateway.get(), passport);
    }
    return exitCode(passport, command.failOn);
  }

  /** Pushes the run's series; a failed push is said on stderr and leaves the verdict's exit code. */
  private void push(String gateway, Passport passport) {
    java.net.URI group = PushGateway.group(gateway, passport.plan().name());
    try {
      PushGateway.push(group, PushGateway.cartographerFamilies(prometheus.scrape("text/plain; version=0.0.4; charset=utf-8")));
      out.println("pushed to " + group);
    } catch (IOException e) {
      err.println("cartographer: the push to " + group + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("cartographer: the push to " + group + " was interrupted");
    }
  }

  /**
   * The value of {@code --confirm}: how many times a variant that looks regressed is measured
   * again, 0 to 10; empty when not given.
   *
   * @throws IllegalArgumentException for anything else
   */
  static java.util.OptionalInt confirmations(Integer value) {
    if (value == null) {
      return java.util.OptionalInt.empty();
    }
    if (value < 0 || value > 10) {
      throw new IllegalArgumentException("--confirm takes a number of re-measurements from 0 to 10, not " + value);
    }
    return java.util.OptionalInt.of(value);
  }

  /** The exit code of a finished run, by what the caller asked to fail on. */
  static int exitCode(Passport passport, RunCommand.FailOn failOn) {
    Passport.Summary summary = passport.summary();
    long connect = passport.testResults().stream()
        .mapToLong(r -> r.errors().getOrDefault(ErrorKind.CONNECT.label(), 0L)).sum();
    if (summary.totalRequests() > 0 && connect == summary.totalRequests()) {
      return EXIT_TARGET_UNREACHABLE;
    }
    boolean thresholdsFailed = !summary.verdict().passed();
    boolean regressed =
        SummaryTable.orZero(summary.performanceRegressions()) + SummaryTable.orZero(summary.memoryRegressions()) > 0;
    boolean inconclusive = summary.regressionVerdict() == RunComparison.Verdict.INCONCLUSIVE_ENVIRONMENT;
    return switch (failOn) {
      case NONE -> EXIT_PASS;
      case THRESHOLD -> thresholdsFailed ? EXIT_FAILED_VERDICT : EXIT_PASS;
      case REGRESSION -> thresholdsFailed || regressed ? EXIT_FAILED_VERDICT : inconclusive ? EXIT_INCONCLUSIVE : EXIT_PASS;
    };
  }

  private RunCoordinator.Ended awaitWithProgress(String id, CompletableFuture<RunCoordinator.Ended> completion)
      throws Exception {
    ProgressReporter progress = new ProgressReporter(System.console() != null, err);
    while (true) {
      try {
        RunCoordinator.Ended last = completion.get(1, TimeUnit.SECONDS);
        progress.finish();
        return last;
      } catch (TimeoutException e) {
        runs.status(id).ifPresent(progress::report);
      }
    }
  }
}
