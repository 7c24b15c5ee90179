package io.cartographer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: one run of the plan, a passport, a summary and an exit code. */
@Command(
    name = "run",
    description = "run the plan once, write a passport, print a summary")
final class RunCommand {

  /** What makes a run exit 1. */
  enum FailOn {
    /** A failed threshold. */
    THRESHOLD,
    /** A failed threshold or a regression against the baseline (5 when only inconclusive). */
    REGRESSION,
    /** Nothing. */
    NONE
  }

  @Option(names = "--plan", paramLabel = "FILE", description = "plan file (default: cartographer.plan, else the demo plan)")
  String plan;

  @Option(names = "--passport-dir", paramLabel = "DIR", description = "where to write the passport (default: cartographer.passport-dir)")
  String passportDir;

  @Option(names = "--shard-index", paramLabel = "I", description = "distributed run: send shard I of the load (default: env JOB_COMPLETION_INDEX)")
  Integer shardIndex;

  @Option(names = "--shard-count", paramLabel = "N", description = "of N shards (default: env JOB_COMPLETIONS)")
  Integer shardCount;

  @Option(names = "--run-id", paramLabel = "NAME", description = "the name all shards share (default: env CARTOGRAPHER_RUN_ID)")
  String runId;

  @Option(names = "--baseline", paramLabel = "REF",
      description = "compare with: latest, a passport id or file (default: the pin, else each variant's latest clean measurement)")
  String baseline;

  @Option(names = "--confirm", paramLabel = "N",
      description = "re-measure a variant that looks regressed up to N times, 0-10; a regression only if every attempt says so"
          + " (default: cartographer.verdict.confirm, 1)")
  Integer confirm;

  @Option(names = "--fail-on", paramLabel = "WHAT", defaultValue = "threshold",
      description = "threshold (default): exit 1 on a failed threshold; regression: also on a regression against the"
          + " baseline (exit 5 when the environment made it inconclusive); none: never exit 1")
  FailOn failOn;

  @Option(names = "--summary-md", paramLabel = "FILE",
      description = "also write the summary as Markdown (pull-request comment, $GITHUB_STEP_SUMMARY)")
  Path summaryMarkdown;

  @Option(names = "--push-gateway", paramLabel = "URL",
      description = "push the run's cartographer_* series to a Prometheus Pushgateway (job cartographer, plan PLAN)")
  String pushGateway;

  @Option(names = "--report", paramLabel = "FILE",
      description = "also write the run as one HTML file that opens offline (table, why rows failed, each variant's"
          + " percentile curve)")
  Path report;
}
