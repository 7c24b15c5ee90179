package io.cartographer.verdict;

import io.cartographer.verdict.ThresholdCheck.Category;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A run summed up: PASS only when every variant passed. Failures are also counted per kind of
 * limit, so a memory failure is never hidden among latency ones.
 *
 * @param failuresByCategory variants with at least one failed check of that category
 */
public record RunVerdict(int variants, int passed, int failed, Map<Category, Integer> failuresByCategory) {

  public RunVerdict {
    failuresByCategory = Map.copyOf(failuresByCategory);
  }

  public static RunVerdict of(List<VariantVerdict> verdicts) {
    int passed = (int) verdicts.stream().filter(VariantVerdict::passed).count();
    Map<Category, Integer> byCategory = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      byCategory.put(c, (int) verdicts.stream().filter(v -> v.failed(c)).count());
    }
    return new RunVerdict(verdicts.size(), passed, verdicts.size() - passed, byCategory);
  }

  public boolean pass() {
    return failed == 0 && variants > 0;
  }

  public Verdict verdict() {
    return Verdict.of(pass());
  }
}
