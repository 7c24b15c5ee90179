package io.cartographer.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** System programs some tests need (kubectl, promtool): whether one is installed. */
public final class Programs {

  private Programs() {}

  /** Whether {@code program} is an executable file in a directory of {@code PATH}. */
  public static boolean onPath(String program) {
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
