package io.cartographer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The command line, parsed by picocli from the command classes ({@link CartographerCommand} and its
 * subcommands). The entry point parses it before the application starts, to answer help, the
 * version, {@code validate} and every usage error with no server, no port and no configuration
 * read; the application parses the same arguments again to run the command.
 */
final class CliParser {

  static final String EXIT_CODES =
      "exit codes:%n"
          + "  0        passed%n"
          + "  1        failed: a threshold, or a regression (see run --fail-on)%n"
          + "  2        invalid input: a plan, an option or a setting%n"
          + "  3        target unreachable: every request of the run failed to connect%n"
          + "  4        the probe itself failed: it could not start (its port in use, say)%n"
          + "  5        --fail-on regression: no regression, but a variant inconclusive (host busier/quieter)%n"
          + "  130/143  stopped by SIGINT/SIGTERM%n"
          + "A shard's own verdict does not decide its exit code: the merge judges the whole run.";

  /** The arguments as parsed: the picocli result and the command object they chose. */
  record Parsed(CommandLine commandLine, ParseResult result, Object command) {}

  private CliParser() {}

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new CartographerCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setUsageHelpWidth(100);
    return commandLine;
  }

  /**
   * Parses {@code args}: the command they name (the service's {@link CartographerCommand} when they
   * name none) with its options set.
   *
   * @throws ParameterException naming what is wrong, with the command it is wrong for
   */
  static Parsed parse(String... args) {
    CommandLine commandLine = commandLine();
    ParseResult result = commandLine.parseArgs(args);
    ParseResult leaf = result;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    for (OptionSpec option : leaf.matchedOptions()) {
      if (option.typeInfo().getType() != boolean.class
          && leaf.matchedOption(option.longestName()).originalStringValues().stream().anyMatch(String::isBlank)) {
        throw new ParameterException(leaf.commandSpec().commandLine(), option.longestName() + " needs a value");
      }
    }
    return new Parsed(commandLine, result, leaf.commandSpec().userObject());
  }

  /**
   * Says what is wrong with the arguments on {@code err}, with the usage of the command it is wrong
   * for and picocli's suggestions ("did you mean") for a misspelt option or command.
   */
  static void report(ParameterException e, PrintStream err) {
    err.println("cartographer: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    e.getCommandLine().usage(err);
  }

  /**
   * Prints help or the version when the arguments ask for it ({@code --help}, {@code -h}, {@code
   * help [COMMAND]}, {@code --version}, {@code version}).
   *
   * @return whether they did
   */
  static boolean answerHelp(Parsed parsed, PrintStream out) {
    parsed.commandLine().setOut(new java.io.PrintWriter(out, true));
    if (CommandLine.printHelpIfRequested(parsed.result())) {
      return true;
    }
    if (parsed.command() instanceof VersionCommand) {
      out.println("cartographer " + version());
      return true;
    }
    return false;
  }

  /** The {@code Implementation-Version} of the application's jar; {@code unknown} outside one. */
  static String version() {
    try {
      Enumeration<URL> manifests = CliParser.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
      while (manifests.hasMoreElements()) {
        try (InputStream in = manifests.nextElement().openStream()) {
          var attributes = new Manifest(in).getMainAttributes();
          if ("cartographer".equals(attributes.getValue("Implementation-Title"))) {
            String version = attributes.getValue("Implementation-Version");
            return version == null ? "unknown" : version;
          }
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }

  /** picocli's {@code --version}: the same line as {@code version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cartographer " + version()};
    }
  }
}
