package io.cartographer.verdict;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a variant stood to its baseline. */
@io.quarkus.runtime.annotations.RegisterForReflection
public enum ComparisonStatus {
  /** Measured against its baseline, metric by metric. */
  COMPARED("compared"),
  /** Its definition changed since its last clean measurement. */
  INCOMPARABLE("incomparable"),
  /** It has no earlier clean measurement. */
  NO_BASELINE("no-baseline");

  private final String label;

  ComparisonStatus(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }
}
