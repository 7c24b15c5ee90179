package io.cartographer.cli;

import picocli.CommandLine.Command;

/** {@code serve}: the service, as with no command. */
@Command(
    name = "serve",
    description = "the service (HTTP API, scheduler, demo target) until stopped; the same as no command")
final class ServeCommand {}
