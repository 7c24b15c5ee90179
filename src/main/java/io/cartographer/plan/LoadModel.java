package io.cartographer.plan;

/** How load is generated. */
public enum LoadModel {
  /** A fixed number of connections, each sending its next request when the previous completes. */
  CLOSED,
  /**
   * Requests at a constant arrival rate, each with a fixed intended send time, whatever the
   * target's speed; latency counts from the intended time (coordinated omission corrected).
   */
  OPEN
}
