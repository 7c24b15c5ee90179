package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.PackagedJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/cartographer}, the README's way to start the jar: its JVM settings and its archive. */
class LauncherIT {

  private static final Path LAUNCHER = PackagedJar.LAUNCHER;

  private record Outcome(int exitCode, String output) {}

  private static Outcome launch(Path workdir, Map<String, String> env, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList())
        .directory(workdir.toFile()).redirectErrorStream(true)
        .redirectOutput(workdir.resolve("launcher.log").toFile());
    builder.environment().remove("CARTOGRAPHER_JAVA_OPTS");
    builder.environment().remove("CARTOGRAPHER_JAVA_OPTS_APPEND");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(env);
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher finished");
    return new Outcome(process.exitValue(), Files.readString(workdir.resolve("launcher.log")));
  }

  /** A copy of the packaged application, so that its archive is this test's own. */
  private static Path copyOfTheApplication(Path dir) throws Exception {
    Path app = dir.resolve("quarkus-app");
    Path source = PackagedJar.JAR.getParent();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        if (file.getFileName().toString().endsWith(".jsa")) {
          continue;
        }
        Path target = app.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return app;
  }

  @Test
  void theFirstStartWritesTheClassArchiveAndLaterStartsUseItSilentlyWithAddedOptions(@TempDir Path dir)
      throws Exception {
    Path app = copyOfTheApplication(dir);
    Outcome first = launch(dir, Map.of("CARTOGRAPHER_APP_DIR", app.toString()), "help");
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("exit codes: 0 passed"), first.output());
    assertFalse(first.output().contains("[cds]"), "the archive is written without a flood of warnings: " + first.output());
    assertTrue(Files.size(app.resolve("cartographer.jsa")) > 0, "the first start wrote the archive");

    // -Xshare:on makes the JVM refuse to start unless it maps the archive
    Outcome second = launch(dir, Map.of("CARTOGRAPHER_APP_DIR", app.toString(),
        "CARTOGRAPHER_JAVA_OPTS_APPEND", "-Xshare:on -Dcartographer.demo.enabled=false"), "help");
    assertEquals(0, second.exitCode(), second.output());
    assertFalse(second.output().toLowerCase().contains("warning"), second.output());
  }

  @Test
  void aMissingJarSaysHowToBuildIt(@TempDir Path dir) throws Exception {
    Outcome missing = launch(dir, Map.of("CARTOGRAPHER_APP_DIR", dir.resolve("nothing").toString()), "run");
    assertEquals(2, missing.exitCode(), missing.output());
    assertTrue(missing.output().contains("./mvnw -B -q package -DskipTests"), missing.output());
    assertTrue(List.of(dir.toFile().list()).contains("launcher.log"));
  }
}
