package io.cartographer.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run is in its life. */
public enum RunState {
  RUNNING,
  /** Finished and its passport is stored; the verdict may still be FAIL. */
  DONE,
  /** Ended without a passport: invalid plan, unwritable directory, or an internal error. */
  FAILED;

  /** The name in JSON: {@code running}, {@code done}, {@code failed}. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
