package io.cartographer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.jar.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
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

  /**
   * The arguments as parsed: the picocli result and the command object they chose (no result for
   * no arguments: the service).
   */
  record Parsed(CommandLine commandLine, ParseResult result, Object command) {}

  private CliParser() {}

  /** The commands by name, in the order help lists them. */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("serve", ServeCommand::new);
    commands.put("run", RunCommand::new);
    commands.put("probe", ProbeCommand::new);
    commands.put("validate", ValidateCommand::new);
    commands.put("compare", CompareCommand::new);
    commands.put("merge", MergeCommand::new);
    commands.put("version", VersionCommand::new);
    commands.put("help", HelpCommand::new);
    return java.util.Collections.unmodifiableMap(commands);
  }

  /**
   * The command line for arguments that start with {@code first}: only that command when it names
   * one (picocli builds a command's model from its annotations,
   * which costs start-up time), every command otherwise (help, or a misspelt command to suggest the
   * right one for).
   */
  static CommandLine commandLine(String first) {
    CommandLine commandLine = new CommandLine(new CartographerCommand());
    if (COMMANDS.containsKey(first) && !first.equals("help")) {
      commandLine.addSubcommand(first, COMMANDS.get(first).get());
    } else {
      COMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
    }
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
    if (args.length == 0) {
      // The service, the way it is started most: nothing to parse, and no start-up time spent on
      // picocli's model of the command line.
      return new Parsed(null, null, new CartographerCommand());
    }
    CommandLine commandLine = commandLine(args[0]);
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
    if (parsed.result() == null) {
      return false;
    }
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
