package io.cartographer.run;

/** The shard passports of a run cannot be merged (yet); {@link #kind} says whether that may pass. */
public final class ShardMergeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the shards cannot be merged. */
  public enum Kind {
    /** Some shards have not written their passports yet: worth trying again later. */
    INCOMPLETE,
    /** A shard passport does not parse or is not a shard passport. */
    UNREADABLE,
    /** The shards do not belong together or to the plan given. */
    MISMATCHED
  }

  private final Kind kind;

  public ShardMergeException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
