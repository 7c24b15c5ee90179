package io.cartographer.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command and its {@code --name value} (or {@code --name=value}) options, checked against the
 * options the command takes so that a typo is an error, not a silent default.
 */
record CliArguments(String command, Map<String, String> options, List<String> positional) {

  /** Thrown for arguments that do not parse; the message is shown with the usage. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  static CliArguments parse(String[] args, Map<String, Set<String>> optionsByCommand)
      throws UsageException {
    if (args.length == 0) {
      return new CliArguments("serve", Map.of(), List.of());
    }
    String command = args[0];
    Set<String> allowed = optionsByCommand.get(command);
    if (allowed == null) {
      throw new UsageException("unknown command '" + command + "'");
    }
    Map<String, String> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException("--" + name + " needs a value");
      }
      if (!allowed.contains(name)) {
        throw new UsageException("'" + command + "' has no option --" + name);
      }
      if (value.isBlank()) {
        throw new UsageException("--" + name + " needs a value");
      }
      if (options.put(name, value) != null) {
        throw new UsageException("--" + name + " is given twice");
      }
    }
    return new CliArguments(command, options, positional);
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }
}
