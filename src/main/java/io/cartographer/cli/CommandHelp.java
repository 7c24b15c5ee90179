package io.cartographer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.Manifest;

/**
 * Answers {@code --help}, {@code -h}, {@code help [COMMAND]}, {@code COMMAND --help}, {@code
 * --version} and {@code version} from the entry point, before the application starts: no server,
 * no port, no configuration read. A command's help is its part of the usage text and the exit
 * codes.
 */
final class CommandHelp {

  private CommandHelp() {}

  /** What to print for {@code args}, or empty when they ask for neither help nor the version. */
  static Optional<String> answer(String usage, String... args) {
    List<String> words = List.of(args);
    if (words.isEmpty()) {
      return Optional.empty();
    }
    String first = words.get(0);
    if (first.equals("--version") || first.equals("version")) {
      return Optional.of("cartographer " + version() + System.lineSeparator());
    }
    if (first.equals("--help") || first.equals("-h")) {
      return Optional.of(usage);
    }
    if (first.equals("help")) {
      return Optional.of(words.size() > 1 ? of(usage, words.get(1)) : usage);
    }
    if (words.contains("--help") || words.contains("-h")) {
      return Optional.of(of(usage, first));
    }
    return Optional.empty();
  }

  /** The usage text's lines for {@code command}, then its exit codes; all of it for an unknown one. */
  static String of(String usage, String command) {
    List<String> lines = usage.lines().toList();
    List<String> shown = new ArrayList<>();
    boolean inCommand = false;
    boolean found = false;
    for (String line : lines) {
      boolean commandLine = line.startsWith("  ") && !line.startsWith("   ");
      if (line.startsWith("exit codes:")) {
        inCommand = true;
      } else if (commandLine) {
        inCommand = line.substring(2).startsWith(command + " ") || line.substring(2).equals(command);
        found |= inCommand;
      } else if (line.startsWith("usage:")) {
        shown.add("usage: cartographer " + command + " [options]");
        continue;
      }
      if (inCommand) {
        shown.add(line);
      }
    }
    return found ? String.join(System.lineSeparator(), shown) + System.lineSeparator() : usage;
  }

  /** The {@code Implementation-Version} of the application's jar; {@code unknown} outside one. */
  static String version() {
    try {
      Enumeration<URL> manifests = CommandHelp.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
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
}
