package io.cartographer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code merge --run-id NAME}: the shard passports of a distributed run merged into its passport. */
@Command(
    name = "merge",
    description = "merge the shard passports of a distributed run into its passport and judge it")
final class MergeCommand {

  @Option(names = "--run-id", paramLabel = "NAME", required = true, description = "the shared name given to the shards")
  String runId;

  @Option(names = "--plan", paramLabel = "FILE", description = "plan file (default: cartographer.plan, else the demo plan)")
  String plan;

  @Option(names = "--passport-dir", paramLabel = "DIR", description = "where the shards' passports are (default: cartographer.passport-dir)")
  String passportDir;
}
