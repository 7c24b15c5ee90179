package io.cartographer.passport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /**
   * The passports this policy deletes from {@code newestFirst}, newest first.
   *
   * @param pinned ids pinned over HTTP; {@code configuredPin} is kept as well
   */
  List<String> doomed(Iterable<IndexEntry> newestFirst, Set<String> pinned, Instant now) {
    if (maxAge.isZero() && maxCount.isEmpty()) {
      return List.of();
    }
    String cutoff = maxAge.isZero() ? null : PassportId.of(now.minus(maxAge), "00000000");
    Set<String> plansWithBaseline = new HashSet<>();
    List<String> doomed = new ArrayList<>();
    int kept = 0;
    boolean newest = true;
    for (IndexEntry entry : newestFirst) {
      if (entry.damaged()) {
        continue;
      }
      PassportListing l = entry.listing();
      boolean baseline = l.isCleanPass() && l.plan() != null && plansWithBaseline.add(l.plan());
      boolean isProtected = newest || baseline || pinned.contains(l.id()) || configuredPin.filter(l.id()::equals).isPresent();
      newest = false;
      boolean tooOld = cutoff != null && l.id().compareTo(cutoff) < 0;
      boolean beyondCount = maxCount.isPresent() && kept >= maxCount.getAsInt();
      if (!isProtected && (tooOld || beyondCount)) {
        doomed.add(l.id());
      } else {
        kept++;
      }
    }
    return doomed;
  }
}
