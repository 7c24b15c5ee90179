package io.cartographer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code cartographer [command]}: with no command, the service. Its help options, headings and
 * exit-code footer are inherited by every command ({@link ScopeType#INHERIT}); the commands are
 * added by {@link CliParser}, only the one named when a command is named.
 */
@Command(
    name = "cartographer",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = CliParser.Version.class,
    synopsisHeading = "usage: ",
    synopsisSubcommandLabel = "[COMMAND]",
    description = {
      "Performance and memory sanity probe for HTTP services.",
      "With no command: the service (HTTP API, scheduler, demo target) until stopped."
    },
    commandListHeading = "%ncommands:%n",
    footerHeading = "%n",
    footer = CliParser.EXIT_CODES)
final class CartographerCommand {}
