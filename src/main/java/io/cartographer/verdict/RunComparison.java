package io.cartographer.verdict;

import java.util.List;
import java.util.Map;

/**
 * A run compared with its baseline.
 *
 * @param baselineId the baseline passport, or {@code null} when there was none
 * @param baselineSource why that one: {@code pinned}, {@code given}, {@code latest-passing}
 * @param warnings environment differences that make the comparison less trustworthy
 * @param byVariant by {@code endpoint/variant}
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record RunComparison(
    String baselineId, String baselineSource, List<String> warnings, Map<String, VariantComparison> byVariant) {

  public RunComparison {
    warnings = List.copyOf(warnings);
    byVariant = Map.copyOf(byVariant);
  }

  public ComparisonJudge.Counts counts() {
    return ComparisonJudge.counts(byVariant);
  }
}
