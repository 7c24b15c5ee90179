package io.cartographer.run;

/** A plan sent with a run request that this service may not run; the message says why. */
public class PlanOverrideRefusedException extends Exception {

  public PlanOverrideRefusedException(String message) {
    super(message, null, false, false);
  }
}
