package io.cartographer.cli;

import io.cartographer.passport.PassportId;
import io.cartographer.load.ErrorKind;
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
  static final int EXIT_TARGET_UNREACHABLE = 3;
  /** The probe itself failed: it could not start (its port taken, say), or failed unexpectedly. */
  static final int EXIT_PROBE_FAILED = 4;
  static final int EXIT_INCONCLUSIVE = 5;

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
            --baseline REF       compare with: latest, a passport id or file (default: the pin,
                                 else each variant's latest clean measurement)
            --confirm N          re-measure a variant that looks regressed up to N times; it is a
                                 regression only if every attempt says so (default:
                                 cartographer.verdict.confirm, 1)
            --fail-on WHAT       threshold (default): exit 1 on a failed threshold; regression:
                                 also on a regression against the baseline (exit 5 when the
                                 environment made it inconclusive); none: never exit 1
            --summary-md FILE    also write the summary as Markdown (pull-request comment,
                                 $GITHUB_STEP_SUMMARY)
            --push-gateway URL   push the run's cartographer_* series to a Prometheus
                                 Pushgateway (job cartographer, plan PLAN)
            --report FILE        also write the run as one HTML file that opens offline (table,
                                 why rows failed, each variant's percentile curve)
        probe URL          probe one URL with a one-variant plan (no plan file needed)
            -n N                 requests to record (default 200; closed model)
            -d DURATION          or run for a time: 10s, 1m (with --rate: the open model's length)
            -c N                 connections sending back to back (default 10)
            --rate R             or a fixed arrival rate, the open model: 500/s, 120/m
            -H 'NAME: VALUE'     a request header; repeat for more
            --method M           GET (default), HEAD, POST, PUT, PATCH, DELETE, OPTIONS
            --expect STATUS      the status every answer must have (default 200)
            --timeout DURATION   per request (default 2s)
            --warmup N           requests sent first and not recorded (default 20)
            --max-p99 DURATION   fail (exit 1) when the p99 is above this
            --max-error-rate F   fail (exit 1) when more than this share failed, 0-1
            --passport-dir DIR   keep the passport there (default: not kept)
            --report FILE        also write the run as one HTML file (see run --report)
        validate PLAN      load a plan file as a run would and print its variants as they
                           resolved, or every problem; sends no request
        compare A B        compare passport A with baseline B (ids in --passport-dir, or files)
        merge              merge the shard passports of a distributed run into its passport
            --run-id NAME        the shared name given to the shards (required)
            --plan FILE, --passport-dir DIR   as for run
        help [COMMAND]     this text, or one command's (also --help, -h, COMMAND --help)
        version            the version (also --version)
      exit codes: 0 passed, 1 failed (thresholds, or regressions: see --fail-on), 2 invalid input
      (plan, option or setting), 3 target unreachable (every request of the run failed to
      connect), 4 the probe itself failed (could not start: its port in use, say), 5 (--fail-on
      regression) no regression found but a variant was inconclusive: the host was busier or
      quieter than when its baseline was measured, 130/143 stopped by SIGINT/SIGTERM
      (a shard's own verdict does not decide its exit code: the merge judges the whole run)
      """;

  private static final Map<String, Set<String>> OPTIONS =
      Map.of(
          "serve", Set.of(),
          "run", Set.of("plan", "passport-dir", "shard-index", "shard-count", "run-id", "baseline", "confirm", "fail-on", "summary-md",
              "push-gateway", "report"),
          "compare", Set.of("plan", "passport-dir"),
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
    var help = CommandHelp.answer(USAGE, args);
    if (help.isPresent()) {
      System.out.print(help.get());
      return;
    }
    if (args.length > 0 && args[0].equals("validate")) {
      System.exit(ValidateCommand.run(java.util.Arrays.asList(args).subList(1, args.length), System.out, System.err));
    }
    if (args.length > 0 && args[0].equals("probe")) {
      try {
        ProbeCommand.Translated probe = ProbeCommand.translate(args);
        args = probe.runArguments().toArray(String[]::new);
        if (!probe.passportKept()) {
          System.setProperty(ProcessMode.PASSPORT_NOT_KEPT_PROPERTY, "true");
        }
      } catch (IllegalArgumentException e) {
        System.err.println("cartographer: " + e.getMessage());
        System.err.print(CommandHelp.of(USAGE, "probe"));
        System.exit(EXIT_INVALID_INPUT);
      }
    }
    boolean oneShot = args.length > 0 && !"serve".equals(args[0]);
    boolean servesTheDemo = oneShot ? probesTheDemo(args) : mayServeTheDemo(args);
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
  static boolean probesTheDemo(String... args) {
    boolean planGiven = java.util.Arrays.asList(args).contains("--plan")
        || System.getProperty("cartographer.plan") != null || System.getenv("CARTOGRAPHER_PLAN") != null;
    return args.length > 0 && args[0].equals("run") && !planGiven && mayServeTheDemo(args);
  }

  /**
   * Whether this command may start the demo target: a service or a run, unless the demo is switched
   * off where it can be seen before the configuration is read (a system property, the environment).
   */
  static boolean mayServeTheDemo(String... args) {
    String command = args.length == 0 ? "serve" : args[0];
    String enabled = System.getProperty("cartographer.demo.enabled", System.getenv("CARTOGRAPHER_DEMO_ENABLED"));
    return (command.equals("serve") || command.equals("run")) && !"false".equalsIgnoreCase(enabled);
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
      case "compare" -> compare(arguments);
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
        arguments.option("passport-dir").map(d -> PassportStoreProducer.open(Path.of(d), config)).orElse(configuredStore);
    try {
      var stored = merges.merge(PassportId.runIdFor(runId.get()), arguments.option("plan"), store);
      out.print(SummaryTable.render(stored.passport()));
      out.println("passport: " + stored.file());
      return stored.passport().summary().verdict().passed() ? EXIT_PASS : EXIT_FAILED_VERDICT;
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

  private int compare(CliArguments arguments) throws Exception {
    if (arguments.positional().size() != 2) {
      err.println("cartographer: compare needs two passports: compare A B (A is compared with baseline B)");
      return EXIT_INVALID_INPUT;
    }
    PassportStore store =
        arguments.option("passport-dir").map(d -> PassportStoreProducer.open(Path.of(d), config)).orElse(configuredStore);
    try {
      var a = comparisons.read(store, arguments.positional().get(0));
      var b = comparisons.read(store, arguments.positional().get(1));
      var result = comparisons.compare(a, b, arguments.option("plan"));
      out.print(ComparisonTable.render(a.id(), result));
      return result.counts().performanceRegressions() + result.counts().memoryRegressions() > 0
          ? EXIT_FAILED_VERDICT
          : EXIT_PASS;
    } catch (IllegalArgumentException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    }
  }

  private int runOnce(CliArguments arguments) throws Exception {
    Optional<String> failOn = arguments.option("fail-on");
    if (failOn.isPresent() && !Set.of("regression", "threshold", "none").contains(failOn.get())) {
      err.println("cartographer: --fail-on takes regression, threshold or none, not '" + failOn.get() + "'");
      return EXIT_INVALID_INPUT;
    }
    if (!arguments.positional().isEmpty()) {
      err.println("cartographer: 'run' takes no arguments, only options; got " + arguments.positional());
      err.print(USAGE);
      return EXIT_INVALID_INPUT;
    }
    Optional<PassportStore> store = arguments.option("passport-dir").map(d -> PassportStoreProducer.open(Path.of(d), config));
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
    Optional<String> pushGateway = arguments.option("push-gateway");
    java.util.OptionalInt confirm;
    try {
      if (pushGateway.isPresent()) {
        PushGateway.group(pushGateway.get(), "plan");
      }
      confirm = confirmations(arguments.option("confirm"));
    } catch (IllegalArgumentException e) {
      err.println("cartographer: " + e.getMessage());
      return EXIT_INVALID_INPUT;
    }
    RunCoordinator.Started started;
    try {
      started = runs.start("cli", new RunCoordinator.RunOptions(arguments.option("plan"), store, runId, shard,
          arguments.option("baseline"), Optional.empty(), confirm));
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
    if (arguments.option("report").isPresent()) {
      Files.writeString(Path.of(arguments.option("report").get()), HtmlReport.render(passport));
    }
    if (arguments.option("summary-md").isPresent()) {
      Files.writeString(Path.of(arguments.option("summary-md").get()),
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
    return exitCode(passport, failOn.orElse("threshold"));
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
  static java.util.OptionalInt confirmations(Optional<String> value) {
    if (value.isEmpty()) {
      return java.util.OptionalInt.empty();
    }
    String v = value.get();
    if (!v.matches("[0-9]{1,2}") || Integer.parseInt(v) > 10) {
      throw new IllegalArgumentException("--confirm takes a number of re-measurements from 0 to 10, not '"
          + v.substring(0, Math.min(v.length(), 40)) + "'");
    }
    return java.util.OptionalInt.of(Integer.parseInt(v));
  }

  /** The exit code of a finished run, by what the caller asked to fail on. */
  static int exitCode(Passport passport, String failOn) {
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
      case "none" -> EXIT_PASS;
      case "threshold" -> thresholdsFailed ? EXIT_FAILED_VERDICT : EXIT_PASS;
      default -> thresholdsFailed || regressed ? EXIT_FAILED_VERDICT : inconclusive ? EXIT_INCONCLUSIVE : EXIT_PASS;
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
