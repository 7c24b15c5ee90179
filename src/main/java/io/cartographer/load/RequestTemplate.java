package io.cartographer.load;

import io.cartographer.plan.Determinism;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import java.util.List;

/**
 * Everything a variant's lanes and dispatchers share, built once per variant: the event-loop
 * contexts the load runs on and one sender per lane (closed model) or dispatcher (open model), so
 * that owner {@code i} always runs on {@code contexts[i % contexts.size()]} with the same
 * connections, from warm-up to the last round.
 */
record RequestTemplate(
    VertxInternal vertx,
    List<ContextInternal> contexts,
    List<Sender> senders,
    int expectedStatus,
    long timeoutMillis,
    long maxBodyBytes,
    Determinism determinism) {

  /** The context owner {@code i} runs on. */
  ContextInternal context(int owner) {
    return contexts.get(owner % contexts.size());
  }
}
