package io.cartographer.plan;

/** How load is generated. */
public enum LoadModel {
  /** A fixed number of connections, each sending its next request when the previous completes. */
  CLOSED
}
