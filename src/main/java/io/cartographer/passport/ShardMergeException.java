package io.cartographer.passport;

/** The shard passports of a run cannot be merged (yet); the message says why. */
public final class ShardMergeException extends Exception {

  public ShardMergeException(String message) {
    super(message);
  }
}
