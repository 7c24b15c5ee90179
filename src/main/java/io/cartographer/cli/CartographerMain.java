package io.cartographer.cli;

import io.cartographer.passport.PassportJson;
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
        help               this text
      exit codes of run: 0 all variants passed, 1 a verdict failed, 2 invalid input
      """;

  private static final Map<String, Set<String>> OPTIONS =
      Map.of("serve", Set.of(), "run", Set.of("plan", "passport-dir"), "help", Set.of());

  private final RunCoordinator runs;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  public CartographerMain(RunCoordinator runs) {
    this.runs = runs;
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
      default -> runOnce(arguments);
    };
  }

  private int runOnce(CliArguments arguments) throws Exception {
    if (!arguments.positional().isEmpty()) {
      err.println("cartographer: 'run' takes no arguments, only options; got " + arguments.positional());
      err.print(USAGE);
      return EXIT_INVALID_INPUT;
    }
    Optional<PassportStore> store = arguments.option("passport-dir").map(d -> new PassportStore(Path.of(d)));
    RunCoordinator.Started started;
    try {
      started = runs.start("cli", new RunCoordinator.RunOptions(arguments.option("plan"), store));
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
