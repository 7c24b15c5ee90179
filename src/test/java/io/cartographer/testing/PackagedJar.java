package io.cartographer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The jar {@code ./mvnw package} builds, started as the README starts it: {@code bin/cartographer
 * [arguments]} (the launcher's JVM settings and class-data archive, this JVM's java) in a process of
 * its own. Integration tests (run by failsafe after packaging) use it.
 */
public final class PackagedJar {

  /** The runner jar, as an absolute path so that a test may choose any working directory. */
  public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

  /** The README's launcher of that jar. */
  public static final Path LAUNCHER = Path.of("bin", "cartographer").toAbsolutePath();

  private static final AtomicInteger LAUNCHES = new AtomicInteger();

  private PackagedJar() {}

  /** What a finished command left: its exit code and what it wrote to each stream. */
  public record Result(int exitCode, String output, String errorOutput) {
    /** Both streams, for assertion messages. */
    public String transcript() {
      return "exit " + exitCode + "\n--- stdout\n" + output + "\n--- stderr\n" + errorOutput;
    }
  }

  /**
   * Runs the launcher with {@code arguments} in {@code workdir} and waits for it. Its streams go to
   * files in {@code workdir} (so a chatty run cannot block on a full pipe). The environment variables
   * a Kubernetes Job sets for a distributed run, or a user for the launcher, are removed so that a
   * CI runner's cannot leak in; then {@code environment} is set (for example
   * {@code CARTOGRAPHER_JAVA_OPTS_APPEND}, or another {@code CARTOGRAPHER_APP_DIR}).
   *
   * @throws AssertionError when it has not finished within {@code timeout} (it is killed)
   */
  public static Result run(
      Path workdir, Duration timeout, Map<String, String> environment, String... arguments)
      throws IOException, InterruptedException {
    int launch = LAUNCHES.incrementAndGet();
    Path out = workdir.resolve("launch-" + launch + ".out");
    Path err = workdir.resolve("launch-" + launch + ".err");
    Process process = builder(workdir, environment, arguments)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("'" + String.join(" ", arguments) + "' did not finish within " + timeout
            + ":\n" + Files.readString(out) + Files.readString(err));
      }
    } finally {
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * Starts the launcher like {@link #run(Path, Duration, Map, String...)} but does not wait: for a
   * service, or runs side by side. Both streams go to {@code log}; the caller ends the process.
   * JVM options (a {@code -D} setting, a heap) go in {@code CARTOGRAPHER_JAVA_OPTS_APPEND}.
   */
  public static Process start(Path workdir, Path log, Map<String, String> environment, String... arguments)
      throws IOException {
    return builder(workdir, environment, arguments)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /**
   * Starts the service ({@link #start} with no arguments) on loopback and a free port, with the
   * demo off, the passports in {@code passports} and the plan of {@code plan}; {@code settings}
   * are further {@code -D} options. Its log is {@code service.log} in {@code workdir}.
   */
  public static Service startService(Path workdir, Path passports, Path plan, String... settings) throws IOException {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> options = new ArrayList<>(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
        "-Dcartographer.passport-dir=" + passports, "-Dcartographer.demo.enabled=false", "-Dcartographer.plan=" + plan));
    options.addAll(List.of(settings));
    Path log = workdir.resolve("service.log");
    return new Service(start(workdir, log, Map.of("CARTOGRAPHER_JAVA_OPTS_APPEND", String.join(" ", options))), port, log);
  }

  /** A service {@link #startService} started: its process, port and log; closing it stops it. */
  public record Service(Process process, int port, Path log) implements AutoCloseable {
    public String baseUrl() {
      return "http://127.0.0.1:" + port;
    }

    /** SIGTERM, then SIGKILL when it has not ended within 30 s. */
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Runs the launcher as on a terminal: under util-linux's {@code script}, whose pseudo-terminal is
   * the command's stdin, stdout and stderr, so the process sees a console. The result's output is
   * everything the terminal received (both streams, control sequences included).
   */
  public static Result runOnTerminal(Path workdir, Duration timeout, String... arguments)
      throws IOException, InterruptedException {
    StringBuilder line = new StringBuilder(quoted(LAUNCHER.toString()));
    for (String argument : arguments) {
      line.append(' ').append(quoted(argument));
    }
    Path transcript = workdir.resolve("terminal-" + LAUNCHES.incrementAndGet() + ".out");
    Process process = builder(workdir, Map.of(), List.of("script", "-qfec", line.toString(), "/dev/null"))
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectErrorStream(true)
        .redirectOutput(transcript.toFile())
        .start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("'" + line + "' did not finish within " + timeout + ":\n" + Files.readString(transcript));
      }
    } finally {
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), Files.readString(transcript), "");
  }

  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static ProcessBuilder builder(Path workdir, Map<String, String> environment, String... arguments) {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(arguments));
    return builder(workdir, environment, command);
  }

  private static ProcessBuilder builder(Path workdir, Map<String, String> environment, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile());
    builder.environment().remove("JOB_COMPLETION_INDEX");
    builder.environment().remove("JOB_COMPLETIONS");
    builder.environment().remove("CARTOGRAPHER_RUN_ID");
    builder.environment().remove("CARTOGRAPHER_JAVA_OPTS");
    builder.environment().remove("CARTOGRAPHER_JAVA_OPTS_APPEND");
    builder.environment().put("CARTOGRAPHER_APP_DIR", JAR.getParent().toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    return builder;
  }

  /** {@link #run(Path, Duration, Map, String...)} with the launcher's settings and a two-minute limit. */
  public static Result run(Path workdir, String... arguments) throws IOException, InterruptedException {
    return run(workdir, Duration.ofMinutes(2), Map.of(), arguments);
  }
}
