package io.cartographer.passport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A run's latency interval log: HdrHistogram's {@code HistogramLogWriter} header, then each
 * variant's interval lines (tagged with the variant, absolute timestamps), as {@code
 * HistogramLogReader} and {@code HistogramLogAnalyzer} read them.
 */
public final class LatencyLogs {

  private LatencyLogs() {}

  /** The log of a run that started at {@code startedAt}, from its variants' interval lines. */
  public static byte[] render(Instant startedAt, List<String> variantLines) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
      HistogramLogWriter header = new HistogramLogWriter(out);
      header.outputComment("Cartographer latency intervals: values in microseconds, maxima in milliseconds,"
          + " one tag per variant (endpoint/variant)");
      header.outputLogFormatVersion();
      header.outputStartTime(startedAt.toEpochMilli());
      header.outputBaseTime(0);
      header.outputLegend();
      for (String lines : variantLines) {
        out.print(lines);
      }
    }
    return bytes.toByteArray();
  }
}
