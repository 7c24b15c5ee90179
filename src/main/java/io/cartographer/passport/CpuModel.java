package io.cartographer.passport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's CPU model from {@code /proc/cpuinfo}, read once; {@code null} where it cannot be. */
final class CpuModel {

  static final String NAME = read(Path.of("/proc/cpuinfo"));

  private CpuModel() {}

  static String read(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name") && line.indexOf(':') > 0) {
          String name = line.substring(line.indexOf(':') + 1).trim();
          return name.isEmpty() ? null : name.substring(0, Math.min(200, name.length()));
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
