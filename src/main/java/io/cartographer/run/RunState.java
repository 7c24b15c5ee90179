package io.cartographer.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run is in its life. */
public enum RunState {
  RUNNING,
  /** Finished and its passport is stored; the verdict may still be FAIL. */
  DONE,
  /** Ended without a passport: invalid plan, unwritable directory, or an internal error. */
  FAILED,
  /**
   * Stopped early (the process was shutting down); what it measured is stored as a passport of
   * status {@code aborted}, which is never a pass nor a baseline.
   */
  ABORTED;

  /** The name in JSON: {@code running}, {@code done}, {@code failed}, {@code aborted}. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
