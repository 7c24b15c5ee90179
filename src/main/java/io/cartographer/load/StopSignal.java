package io.cartographer.load;

import java.util.concurrent.CompletableFuture;

/**
 * Asks a running load to stop early (a run being aborted, for instance on SIGTERM): closed-model
 * lanes send nothing more, open-model dispatchers stop dispatching, and requests in flight end as
 * they would (completion or timeout). Set from any thread.
 */
public final class StopSignal {

  private final CompletableFuture<String> requested = new CompletableFuture<>();

  public void request(String why) {
    requested.complete(why);
  }

  public boolean isRequested() {
    return requested.isDone();
  }

  /** Why the stop was asked for, or {@code null} when it was not. */
  public String reason() {
    return requested.getNow(null);
  }

  /** Completes with the reason when a stop is asked for; never when it is not. */
  public CompletableFuture<String> requested() {
    return requested;
  }
}
