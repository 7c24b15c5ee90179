package io.cartographer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The jar {@code ./mvnw package} builds, started as a user starts it: {@code java [options] -jar
 * target/quarkus-app/quarkus-run.jar [arguments]} in a process of its own. Integration tests (run
 * by failsafe after packaging) use it.
 */
public final class PackagedJar {

  /** The runner jar, as an absolute path so that a test may choose any working directory. */
  public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

  private static final AtomicInteger LAUNCHES = new AtomicInteger();

  private PackagedJar() {}

  /** What a finished command left: its exit code and what it wrote to each stream. */
  public record Result(int exitCode, String output, String errorOutput) {
    /** Both streams, for assertion messages. */
    public String transcript() {
      return "exit " + exitCode + "\n--- stdout\n" + output + "\n--- stderr\n" + errorOutput;
    }
  }

  /** {@code java <jvmOptions> -jar quarkus-run.jar <arguments>}, with this JVM's own java. */
  public static List<String> command(List<String> jvmOptions, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(arguments);
    return command;
  }

  /**
   * Runs the jar with {@code arguments} in {@code workdir} and waits for it; its streams go to files
   * in {@code workdir} (so a chatty run cannot block on a full pipe), and the environment variables
   * a Kubernetes Job sets for a distributed run are removed so that a CI runner's cannot leak in.
   *
   * @throws AssertionError when it has not finished within {@code timeout} (it is killed)
   */
  public static Result run(Path workdir, Duration timeout, List<String> jvmOptions, String... arguments)
      throws IOException, InterruptedException {
    int launch = LAUNCHES.incrementAndGet();
    Path out = workdir.resolve("launch-" + launch + ".out");
    Path err = workdir.resolve("launch-" + launch + ".err");
    ProcessBuilder builder = new ProcessBuilder(command(jvmOptions, List.of(arguments)))
        .directory(workdir.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().remove("JOB_COMPLETION_INDEX");
    builder.environment().remove("JOB_COMPLETIONS");
    builder.environment().remove("CARTOGRAPHER_RUN_ID");
    Process process = builder.start();
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

  /** {@link #run(Path, Duration, List, String...)} with the JVM's defaults and a two-minute limit. */
  public static Result run(Path workdir, String... arguments) throws IOException, InterruptedException {
    return run(workdir, Duration.ofMinutes(2), List.of(), arguments);
  }
}
