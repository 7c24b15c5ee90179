package io.cartographer.cli;

import picocli.CommandLine.Command;

/** {@code version}: the version, as {@code --version} prints it. */
@Command(name = "version", description = "the version (also --version)")
final class VersionCommand {}
