package io.cartographer.load;

/**
 * How many different bodies a variant's successful responses had.
 *
 * @param checked false when the plan turned the comparison off
 * @param distinct distinct digests seen (at most {@value Shard#MAX_DIGESTS} per event loop)
 * @param moreThanCounted true when there were more distinct digests than were kept
 * @param values the distinct digests kept, sorted, so that shards can be merged exactly
 */
public record BodyDigests(boolean checked, int distinct, boolean moreThanCounted, java.util.List<Long> values) {

  /** How each body's digest is computed, as the passport states it. */
  public static final String METHOD = BodyChecksum.METHOD;

  public BodyDigests {
    values = java.util.List.copyOf(values);
  }

  /** True or false when bodies were compared, {@code null} when there was nothing to compare. */
  public Boolean deterministic() {
    return !checked || distinct == 0 ? null : distinct == 1;
  }
}
