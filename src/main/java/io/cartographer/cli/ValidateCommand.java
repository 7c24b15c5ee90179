package io.cartographer.cli;

import io.cartographer.plan.InvalidPlanException;
import io.cartographer.plan.LoadModel;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Plan;
import io.cartographer.plan.PlanLoader;
import io.cartographer.plan.Quantities;
import io.cartographer.plan.Thresholds;
import io.cartographer.plan.Variant;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code validate PLAN}: loads a plan file as a run would and prints each variant as it resolved
 * (defaults merged: method, path, load, limits), or every problem with its field path; sends no
 * request and starts no application. Exit 0 when valid, 2 when not.
 */
@Command(
    name = "validate",
    description = "load a plan file as a run would and print its variants as they resolved, or every problem; sends no request",
    footer = "exit codes: 0 the plan is valid, 2 it is not (or cannot be read)")
final class ValidateCommand {

  private static final String ROW = "%-40s %-7s %-7s %-30s %-44s %s%n";

  @Parameters(index = "0", paramLabel = "PLAN", description = "the plan file (YAML, or JSON when it ends in .json)")
  Path file;

  int run(PrintStream out, PrintStream err) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      err.println("cartographer: no plan file " + file);
      return CartographerMain.EXIT_INVALID_INPUT;
    } catch (IOException e) {
      err.println("cartographer: the plan file " + file + " cannot be read: " + e.getMessage());
      return CartographerMain.EXIT_INVALID_INPUT;
    }
    Plan plan;
    try {
      plan = new PlanLoader().parse(text, file.toString(), file.toString().endsWith(".json"), null);
    } catch (InvalidPlanException e) {
      err.println("cartographer: " + e.getMessage());
      return CartographerMain.EXIT_INVALID_INPUT;
    }
    out.printf(Locale.ROOT, "plan %s (%s): valid, %d endpoints, %d variants, target %s%n", plan.name(), file,
        plan.endpoints().size(), plan.variants().size(), plan.baseUrl());
    out.printf(Locale.ROOT, ROW, "VARIANT", "FAMILY", "METHOD", "PATH", "LOAD", "LIMITS");
    for (Variant v : plan.variants()) {
      out.printf(Locale.ROOT, ROW, v.key(), v.family(), v.method(), v.pathAndQuery(), load(v.load()), limits(v.thresholds()));
    }
    return CartographerMain.EXIT_PASS;
  }

  static String load(LoadSettings l) {
    String amount = l.countBound() ? l.requests() + " requests" : Quantities.format(l.duration());
    String shape = l.model() == LoadModel.OPEN
        ? String.format(Locale.ROOT, "open %s/s for %s, <=%d conns", trim(l.rate()), Quantities.format(l.duration()),
            l.maxConnections())
        : "closed " + l.concurrency() + " conns, " + amount;
    return shape + ", warm-up " + l.warmup() + ", " + l.rounds() + " rounds";
  }

  static String limits(Thresholds t) {
    List<String> limits = new ArrayList<>();
    add(limits, "p50", t.maxP50() == null ? null : Quantities.format(t.maxP50()));
    add(limits, "p99", t.maxP99() == null ? null : Quantities.format(t.maxP99()));
    add(limits, "errors", t.maxErrorRate() == null ? null : trim(t.maxErrorRate()));
    add(limits, "memory delta", t.maxMemoryDelta() == null ? null : t.maxMemoryDelta() + " B");
    add(limits, "memory peak", t.maxMemoryPeak() == null ? null : t.maxMemoryPeak() + " B");
    add(limits, "memory growth", t.maxMemoryGrowth() == null ? null : trim(t.maxMemoryGrowth()) + " B/request");
    add(limits, "cpu", t.maxCpuPerRequest() == null ? null : Quantities.format(t.maxCpuPerRequest()) + "/request");
    add(limits, "alloc", t.maxAllocPerRequest() == null ? null : t.maxAllocPerRequest() + " B/request");
    add(limits, "gc pauses", t.maxGcPauseShare() == null ? null : trim(t.maxGcPauseShare()));
    add(limits, "fd delta", t.maxFdDelta() == null ? null : t.maxFdDelta().toString());
    add(limits, "fd growth", t.maxFdGrowth() == null ? null : trim(t.maxFdGrowth() * 1000) + "/1000requests");
    return limits.isEmpty() ? "none" : String.join(", ", limits);
  }

  private static void add(List<String> limits, String name, String value) {
    if (value != null) {
      limits.add(name + " <= " + value);
    }
  }

  private static String trim(double n) {
    return n == Math.rint(n) ? Long.toString((long) n) : Double.toString(n);
  }
}
