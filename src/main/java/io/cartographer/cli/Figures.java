package io.cartographer.cli;

import java.util.Locale;

/**
 * A compared metric's value in human units, by its name's unit suffix: {@code 5.301 ms}, {@code
 * 11.8 MiB}, {@code 1,234.5/s}, {@code 0.50%}; never an exponent.
 */
final class Figures {

  private Figures() {}

  static String of(String metric, Double value) {
    if (value == null || !Double.isFinite(value)) {
      return "n/a";
    }
    double v = value;
    if (metric.endsWith("_ms") || metric.endsWith("_ms_per_request")) {
      return String.format(Locale.ROOT, "%.3f ms", v);
    }
    if (metric.endsWith("_bytes") || metric.endsWith("_bytes_per_request")) {
      return bytes(v);
    }
    if (metric.endsWith("_rps")) {
      return String.format(Locale.ROOT, "%,.1f/s", v);
    }
    if (metric.equals("error_rate")) {
      return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }
    return String.format(Locale.ROOT, "%,.3f", v);
  }

  /** Bytes in binary units: {@code 512 B}, {@code 12.3 KiB}, {@code 11.8 MiB}, signed. */
  static String bytes(double v) {
    double magnitude = Math.abs(v);
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (magnitude >= 1024 && unit < units.length - 1) {
      magnitude /= 1024;
      unit++;
    }
    String sign = v < 0 ? "-" : "";
    return unit == 0 ? String.format(Locale.ROOT, "%s%.0f B", sign, magnitude)
        : String.format(Locale.ROOT, "%s%.1f %s", sign, magnitude, units[unit]);
  }
}
