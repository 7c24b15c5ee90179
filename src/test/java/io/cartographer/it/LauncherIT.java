package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.PackagedJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/cartographer}, the README's way to start the jar: its JVM settings and its archive. */
class LauncherIT {

  private static Result launch(Path workdir, Map<String, String> env, String... args) throws Exception {
    return PackagedJar.run(workdir, Duration.ofSeconds(60), env, args);
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
    Result help = launch(dir, Map.of("CARTOGRAPHER_APP_DIR", app.toString()), "help");
    assertEquals(0, help.exitCode(), help.transcript());
    assertTrue(help.output().contains("exit codes:"), help.transcript());
    assertFalse(Files.exists(app.resolve("cartographer.jsa")),
        "help starts no application: an archive of its classes alone would slow every later start");

    // compare starts the application (and exits 2: there are no such passports)
    Result first = launch(dir, Map.of("CARTOGRAPHER_APP_DIR", app.toString()), "compare", "no-a", "no-b");
    assertEquals(2, first.exitCode(), first.transcript());
    assertFalse(first.transcript().contains("[cds]"), "the archive is written without a flood of warnings: " + first.transcript());
    assertTrue(Files.size(app.resolve("cartographer.jsa")) > 0, "the first start wrote the archive");

    // -Xshare:on makes the JVM refuse to start unless it maps the archive
    Result second = launch(dir, Map.of("CARTOGRAPHER_APP_DIR", app.toString(),
        "CARTOGRAPHER_JAVA_OPTS_APPEND", "-Xshare:on -Dcartographer.demo.enabled=false"), "compare", "no-a", "no-b");
    assertEquals(2, second.exitCode(), second.transcript());
    assertFalse(second.transcript().toLowerCase().contains("warning"), second.transcript());
  }

  @Test
  void aMissingJarSaysHowToBuildIt(@TempDir Path dir) throws Exception {
    Result missing = launch(dir, Map.of("CARTOGRAPHER_APP_DIR", dir.resolve("nothing").toString()), "run");
    assertEquals(2, missing.exitCode(), missing.transcript());
    assertTrue(missing.errorOutput().contains("./mvnw -B -q package -DskipTests"), missing.transcript());
  }
}
