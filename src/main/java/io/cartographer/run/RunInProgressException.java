package io.cartographer.run;

/** Another run holds the single run slot. */
public final class RunInProgressException extends Exception {

  private final String runningId;

  public RunInProgressException(String runningId) {
    super("run " + runningId + " is in progress; one run at a time");
    this.runningId = runningId;
  }

  public String runningId() {
    return runningId;
  }
}
