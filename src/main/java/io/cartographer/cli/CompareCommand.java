package io.cartographer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compare A B}: passport A judged against baseline B. */
@Command(
    name = "compare",
    description = "compare passport A with baseline B (ids in --passport-dir, or files); exit 1 when A regressed")
final class CompareCommand {

  @Parameters(index = "0", paramLabel = "A", description = "the passport judged: an id in --passport-dir, or a file")
  String passport;

  @Parameters(index = "1", paramLabel = "B", description = "its baseline: an id in --passport-dir, or a file")
  String baseline;

  @Option(names = "--plan", paramLabel = "FILE", description = "the plan whose tolerances judge the change (default: A's own)")
  String plan;

  @Option(names = "--passport-dir", paramLabel = "DIR", description = "where the ids are (default: cartographer.passport-dir)")
  String passportDir;
}
