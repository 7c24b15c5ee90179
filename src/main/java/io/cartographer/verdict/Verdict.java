package io.cartographer.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a run met every threshold; written {@code PASS} or {@code FAIL}. */
@io.quarkus.runtime.annotations.RegisterForReflection
public enum Verdict {
  @JsonProperty("PASS")
  PASS,
  @JsonProperty("FAIL")
  FAIL;

  public static Verdict of(boolean passed) {
    return passed ? PASS : FAIL;
  }

  public boolean passed() {
    return this == PASS;
  }
}
