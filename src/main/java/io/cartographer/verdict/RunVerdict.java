package io.cartographer.verdict;

import java.util.List;

/** A run summed up: PASS only when every variant passed. */
public record RunVerdict(int variants, int passed, int failed) {

  public static RunVerdict of(List<VariantVerdict> verdicts) {
    int passed = (int) verdicts.stream().filter(VariantVerdict::passed).count();
    return new RunVerdict(verdicts.size(), passed, verdicts.size() - passed);
  }

  public boolean pass() {
    return failed == 0 && variants > 0;
  }

  public String label() {
    return pass() ? "PASS" : "FAIL";
  }
}
