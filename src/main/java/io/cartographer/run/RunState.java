package io.cartographer.run;

/** Where a run is in its life. */
public enum RunState {
  RUNNING,
  /** Finished and its passport is stored; the verdict may still be FAIL. */
  DONE,
  /** Ended without a passport: invalid plan, unwritable directory, or an internal error. */
  FAILED
}
