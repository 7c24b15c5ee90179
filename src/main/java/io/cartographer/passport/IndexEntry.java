package io.cartographer.passport;

import java.util.List;

/**
 * What the index keeps of one passport file: its listing and, per variant, the figures trends
 * are drawn from. A damaged file has a listing with the reason and no variants.
 */
record IndexEntry(PassportListing listing, List<VariantPoint> variants) {

  static IndexEntry damaged(String id, String reason) {
    return new IndexEntry(PassportListing.damaged(id, reason), List.of());
  }

  String id() {
    return listing.id();
  }

  boolean damaged() {
    return listing.damaged() != null;
  }

  /** One variant's headline figures; a figure the run did not measure is {@code null}. */
  record VariantPoint(
      String endpoint,
      String variant,
      io.cartographer.verdict.VariantVerdict.Result verdict,
      Double p50Ms,
      Double p99Ms,
      Double throughputRps,
      Double errorRate,
      Double memoryPeakBytes,
      Double memoryDeltaBytes,
      Double cpuMsPerRequest,
      Double allocBytesPerRequest,
      boolean regression) {}
}
