package io.cartographer.passport;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How long passports are kept: none older than {@code maxAge} (zero keeps them forever) and, when
 * set, only the newest {@code maxCount}. Whatever the policy says, a pinned passport (in {@code
 * pins.json} or {@code configuredPin}), the newest passport, the newest clean pass of each plan
 * (its default baseline) and damaged files are never deleted.
 */
public record Retention(Duration maxAge, OptionalInt maxCount, Optional<String> configuredPin) {

  public static final Retention KEEP_ALL = new Retention(Duration.ZERO, OptionalInt.empty(), Optional.empty());

  public Retention {
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("retention max-age must not be negative: " + maxAge);
    }
    if (maxCount.isPresent() && maxCount.getAsInt() < 1) {
      throw new IllegalArgumentException("retention max-count must be at least 1: " + maxCount.getAsInt());
    }
  }
}
