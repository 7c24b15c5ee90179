package io.cartographer.load;

/**
 * Sends exchanges for one lane or dispatcher, always from the same event-loop context: the
 * connections it opens belong to that context's event loop and never leave it.
 */
interface Sender {
  void send(Exchange exchange);
}
