package io.cartographer.load;

import io.vertx.core.Future;

/**
 * How a variant's requests reach the target: opened once per variant, so that warm-up, rounds and
 * measured phase run on the same connections, and closed after it.
 */
interface Transport {

  /** A sender for one lane or dispatcher; it opens connections as its exchanges need them. */
  Sender newSender();

  /** Closes every connection the transport opened. */
  Future<Void> close();
}
