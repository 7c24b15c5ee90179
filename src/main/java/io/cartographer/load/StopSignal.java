package io.cartographer.load;

/**
 * Asks a running load to stop early (a run being aborted, for instance on SIGTERM): closed-model
 * lanes send nothing more, open-model dispatchers stop dispatching, and requests in flight end as
 * they would (completion or timeout). Set from any thread.
 */
public final class StopSignal {

  private volatile String reason;

  public void request(String why) {
    reason = why;
  }

  public boolean isRequested() {
    return reason != null;
  }

  /** Why the stop was asked for, or {@code null} when it was not. */
  public String reason() {
    return reason;
  }
}
