package io.cartographer.memory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The series one scrape of a target gives about its efficiency (CPU, allocation, collections,
 * descriptors), each summed over its labels, and the runtime those series suggest. Only the
 * series named in {@link TargetEfficiency} are kept, so a large exposition costs no memory here.
 *
 * @param sums by series name; a series the target did not expose is absent, never 0
 * @param runtime {@code go}, {@code jvm}, {@code python}, {@code node} or {@code unknown}, from the
 *     prefixes of the series exposed
 */
public record CounterReading(Map<String, Double> sums, String runtime) {

  public CounterReading {
    sums = Map.copyOf(sums);
  }

  private static final List<String> RUNTIMES = List.of("go", "jvm", "python", "nodejs");

  /** The known series of {@code metrics}; a series with a non-finite value is left out. */
  static CounterReading of(MetricsText metrics, Set<String> known) {
    Map<String, Double> sums = new HashMap<>();
    Set<String> invalid = new java.util.HashSet<>();
    String runtime = "unknown";
    for (MetricsText.Sample sample : metrics.samples()) {
      String name = sample.name();
      if (runtime.equals("unknown")) {
        for (String r : RUNTIMES) {
          if (name.startsWith(r + "_")) {
            runtime = r.equals("nodejs") ? "node" : r;
          }
        }
      }
      if (known.contains(name)) {
        if (Double.isFinite(sample.value())) {
          sums.merge(name, sample.value(), Double::sum);
        } else {
          invalid.add(name);
        }
      }
    }
    invalid.forEach(sums::remove);
    return new CounterReading(sums, runtime);
  }
}
