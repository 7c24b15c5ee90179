package io.cartographer.passport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The passports of a directory in memory, newest first, so that listings, trends and retention
 * never parse every file per request. The files stay the source of truth: the index is built from
 * them on first use and brought up to date with the directory when it is read and the directory
 * has changed since the last scan (its modification time differs, or is too recent to tell), or
 * {@link #RESCAN_AFTER} has passed (a shared volume may cache directory attributes). Passports
 * this process writes are indexed at once. Passport files are immutable once renamed into place,
 * so a rescan only looks at names: it scans files that appeared and forgets files that vanished.
 */
final class PassportIndex {

  static final Duration RESCAN_AFTER = Duration.ofSeconds(5);

  /** A change within this long of a scan may share the directory's modification time with it. */
  private static final Duration AMBIGUOUS = Duration.ofSeconds(2);

  private final Path dir;
  private final Clock clock;
  private final NavigableMap<String, IndexEntry> entries =
      new ConcurrentSkipListMap<>(Comparator.reverseOrder());
  private final ReentrantLock scanning = new ReentrantLock();
  private volatile boolean built;
  private volatile Instant scannedAt = Instant.EPOCH;
  private volatile FileTime seenModified;

  PassportIndex(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /**
   * Entries newest first, brought up to date with the directory first when it may have changed.
   * While one reader rescans, the others read the entries as they are.
   */
  NavigableMap<String, IndexEntry> current() throws IOException {
    if (!built) {
      rescan(true);
    } else if (mayHaveChanged()) {
      rescan(false);
    }
    return entries;
  }

  private boolean mayHaveChanged() {
    Instant now = clock.instant();
    if (Duration.between(scannedAt, now).compareTo(RESCAN_AFTER) > 0) {
      return true;
    }
    FileTime modified = modified();
    return modified == null
        || !modified.equals(seenModified)
        || Duration.between(modified.toInstant(), scannedAt).compareTo(AMBIGUOUS) < 0;
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(dir);
    } catch (IOException e) {
      return null;
    }
  }

  /** Scans the directory now, waiting for a scan in progress rather than skipping. */
  void rescanNow() throws IOException {
    rescan(true);
  }

  int size() {
    return entries.size();
  }

  /** Indexes a passport this process has just written. */
  void add(String id, byte[] bytes) {
    if (built) {
      entries.put(id, PassportScanner.scan(id, bytes));
    }
  }

  void remove(String id) {
    entries.remove(id);
  }

  private void rescan(boolean wait) throws IOException {
    if (wait) {
      scanning.lock();
    } else if (!scanning.tryLock()) {
      return;
    }
    try {
      FileTime modified = modified();
      Instant started = clock.instant();
      Set<String> present = ids();
      entries.keySet().retainAll(present);
      List<String> unseen = present.stream().filter(id -> !entries.containsKey(id)).toList();
      Stream<String> scans = unseen.size() > 64 ? unseen.parallelStream() : unseen.stream();
      scans.forEach(id -> {
        IndexEntry entry = scanFile(id);
        if (entry != null) {
          entries.put(id, entry);
        }
      });
      seenModified = modified;
      scannedAt = started;
      built = true;
    } finally {
      scanning.unlock();
    }
  }

  private IndexEntry scanFile(String id) {
    try {
      return PassportFile.read(dir.resolve(id + ".json"), PassportStore.MAX_READ_BYTES)
          .map(bytes -> PassportScanner.scan(id, bytes))
          .orElse(null);
    } catch (PassportFile.NotAPassportFileException e) {
      return IndexEntry.damaged(id, e.getMessage());
    } catch (IOException e) {
      return IndexEntry.damaged(id, "cannot be read: " + e.getClass().getSimpleName());
    }
  }

  private Set<String> ids() throws IOException {
    Set<String> ids = new HashSet<>();
    if (!Files.isDirectory(dir)) {
      return ids;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(p -> {
        String id = PassportId.fromFileName(p.getFileName().toString());
        if (id != null) {
          ids.add(id);
        }
      });
    }
    return ids;
  }

  static Collection<IndexEntry> olderThan(NavigableMap<String, IndexEntry> entries, String before) {
    return before == null ? entries.values() : entries.tailMap(before, false).values();
  }
}
