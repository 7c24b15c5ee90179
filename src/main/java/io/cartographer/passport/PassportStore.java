package io.cartographer.passport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A directory of passports: one {@code <id>.json} per run plus {@code latest.json}, a copy of the
 * newest complete one.
 *
 * <p>Writes are atomic: the bytes go to a hidden temporary file in the same directory, are forced
 * to disk, and only then renamed over the final name (a rename within one file system is atomic),
 * after which the directory itself is forced so the rename survives a crash. A process killed at
 * any point therefore leaves either no passport or a complete one under a passport name, and at
 * worst a hidden {@code .*.tmp} file that listings ignore and {@link #sweepStaleTemporaryFiles}
 * removes. {@code latest.json} is replaced the same way, after the passport itself is safe.
 */
public final class PassportStore {

  public static final String LATEST = "latest.json";
  static final String SHARDS = "shards";
  static final String PINS = "pins.json";
  static final long MAX_READ_BYTES = 64L << 20;

  private static final Logger LOG = Logger.getLogger(PassportStore.class);

  private final Path dir;
  private final Retention retention;
  private final PassportIndex index;

  public PassportStore(Path dir) {
    this(dir, Retention.KEEP_ALL);
  }

  public PassportStore(Path dir, Retention retention) {
    this.dir = dir.toAbsolutePath().normalize();
    this.retention = retention;
    this.index = new PassportIndex(this.dir, java.time.Clock.systemUTC());
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes the passport and then, when it is complete and started later than the one {@code
   * latest.json} names, points {@code latest.json} at it: an aborted run's passport is stored but
   * {@code latest.json} keeps naming the newest complete one, and a long run that ends after a
   * newer one (in this process or another on the volume) never moves it backwards. Retention runs
   * afterwards.
   *
   * <p>Once the passport itself is stored, the run is: a failure to move {@code latest.json} (a
   * full volume at that step) is logged and remembered for readiness, not thrown, so the run is
   * never reported failed while its passport is listed as a pass.
   *
   * @return the passport's file
   * @throws IOException when the directory cannot be created or written, or the passport is larger
   *     than the store serves; nothing half-written is left under a passport name
   */
  public Path write(Passport passport) throws IOException {
    return write(passport, null);
  }

  /**
   * Stores {@code passport} as {@link #write(Passport)} does, with its latency interval log
   * ({@link LatencyLogs}) beside it as {@code <id>.hlog}, written first so that a passport never
   * names a log that is not there.
   *
   * @param latencyLog the log's bytes, or {@code null} for none
   */
  public Path write(Passport passport, byte[] latencyLog) throws IOException {
    if (!PassportId.isValid(passport.id())) {
      throw new IllegalArgumentException("not a passport id: " + passport.id());
    }
    Files.createDirectories(dir);
    if (latencyLog != null) {
      writeAtomically(dir.resolve(PassportAssembler.latencyLogFile(passport.id())), latencyLog);
    }
    byte[] bytes = PassportJson.write(passport);
    if (bytes.length > MAX_READ_BYTES) {
      throw new IOException("passport " + passport.id() + " would be " + bytes.length
          + " bytes, more than the " + MAX_READ_BYTES + " bytes a passport may have; fewer variants or rounds keep it smaller");
    }
    Path file = dir.resolve(passport.id() + ".json");
    writeAtomically(file, bytes);
    index.add(passport.id(), bytes);
    if (passport.status() == Passport.Status.COMPLETE) {
      try {
        moveLatestForward(passport.id(), bytes);
      } catch (IOException e) {
        LOG.warnf("passport %s is stored, but latest.json was not moved to it: %s", passport.id(), e.getMessage());
      }
    }
    try {
      applyRetention(Instant.now());
    } catch (IOException | RuntimeException e) {
      LOG.warnf("retention could not run in %s: %s", dir, e.getMessage());
    }
    return file;
  }

  /** Points latest.json at {@code id} unless it names a passport that started later. */
  private void moveLatestForward(String id, byte[] bytes) throws IOException {
    DirectoryLock.holding(dir, () -> {
      String current = latestId();
      if (current == null || current.compareTo(id) < 0) {
        writeAtomically(dir.resolve(LATEST), bytes);
      }
      return null;
    });
  }

  /** The bytes of latest.json, or {@code null} when it is missing or unreadable. */
  private byte[] latestBytes() {
    try {
      return readFile(dir.resolve(LATEST)).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  /** The id latest.json names, or {@code null} when it is missing or unreadable. */
  private String latestId() {
    byte[] latest = latestBytes();
    if (latest == null) {
      return null;
    }
    try {
      String id = PassportJson.read(latest).id();
      return PassportId.isValid(id) ? id : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Makes latest.json name the newest complete passport of the directory, when it names an older
   * one or none (a process that died between its passport and latest.json, or a volume restored
   * from elsewhere). Run at start.
   */
  public void reconcileLatest() throws IOException {
    Optional<String> newest = index.current().values().stream()
        .filter(e -> !e.damaged() && e.listing().status() == Passport.Status.COMPLETE)
        .map(IndexEntry::id)
        .findFirst();
    if (newest.isPresent()) {
      String id = newest.get();
      Optional<byte[]> bytes = readFile(dir.resolve(id + ".json"));
      // Most starts find latest.json a copy of the newest passport already: comparing the bytes
      // says so without parsing a passport, which, cold, took most of a start's indexing time.
      if (bytes.isPresent() && !java.util.Arrays.equals(bytes.get(), latestBytes())) {
        moveLatestForward(id, bytes.get());
      }
    }
  }

  /**
   * Writes the passport of one shard of a distributed run to {@code shards/<run id>/}, atomically
   * like every passport; {@code latest.json} is left alone, the merged passport will update it.
   */
  public Path writeShard(Passport passport) throws IOException {
    Passport.ShardInfo shard = passport.shard();
    if (shard == null || shard.index() == null || !PassportId.isValidRunId(passport.runId())) {
      throw new IllegalArgumentException("not a shard passport: " + passport.id());
    }
    Path runDir = shardDir(passport.runId());
    Files.createDirectories(runDir);
    Path file = runDir.resolve("shard-" + shard.index() + "-of-" + shard.count() + ".json");
    writeAtomically(file, PassportJson.write(passport));
    return file;
  }

  /** The shard passports of run {@code runId}, by file name; empty when there are none. */
  public java.util.Map<String, byte[]> shards(String runId) throws IOException {
    if (!PassportId.isValidRunId(runId)) {
      throw new IllegalArgumentException("not a run id: " + runId);
    }
    Path runDir = shardDir(runId);
    java.util.Map<String, byte[]> out = new java.util.TreeMap<>();
    if (!Files.isDirectory(runDir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(runDir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.matches("shard-\\d{1,4}-of-\\d{1,4}\\.json")) {
          readFile(p).ifPresent(bytes -> out.put(name, bytes));
        }
      }
    }
    return out;
  }

  /** Run ids that have shard passports. */
  public List<String> shardedRuns() throws IOException {
    Path root = dir.resolve(SHARDS);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> runs = Files.list(root)) {
      return runs.map(p -> p.getFileName().toString()).filter(PassportId::isValidRunId).sorted().toList();
    }
  }

  /**
   * Pins passport {@code id} as the baseline of plan {@code plan}, replacing an earlier pin. Pins
   * live in {@code pins.json}, written atomically under the directory's lock, so concurrent pins
   * from two processes on one volume both survive.
   */
  public void pin(String plan, String id) throws IOException {
    Files.createDirectories(dir);
    DirectoryLock.holding(dir, () -> {
      Map<String, String> pins = pins();
      pins.put(plan, id);
      writePins(pins);
      return null;
    });
  }

  /** Removes the pin of {@code plan} if it names {@code id}; returns whether it did. */
  public boolean unpin(String plan, String id) throws IOException {
    Files.createDirectories(dir);
    return DirectoryLock.holding(dir, () -> {
      Map<String, String> pins = pins();
      if (!id.equals(pins.get(plan))) {
        return false;
      }
      pins.remove(plan);
      writePins(pins);
      return true;
    });
  }

  /** The pinned baseline of {@code plan}, if any. */
  public Optional<String> pinned(String plan) throws IOException {
    return Optional.ofNullable(pins().get(plan));
  }

  private Map<String, String> pins() throws IOException {
    Optional<byte[]> bytes = readFile(dir.resolve(PINS));
    Map<String, String> pins = new java.util.TreeMap<>();
    if (bytes.isEmpty()) {
      return pins;
    }
    PassportJson.read(bytes.get(), Map.class).forEach((plan, id) -> {
      if (plan instanceof String name && id instanceof String text && PassportId.isValid(text)) {
        pins.put(name, text);
      }
    });
    return pins;
  }

  private void writePins(Map<String, String> pins) throws IOException {
    Files.createDirectories(dir);
    writeAtomically(dir.resolve(PINS), PassportJson.writeValue(pins));
  }

  /** Whether a (merged or single) passport of run {@code runId} is stored. */
  public boolean hasRun(String runId) throws IOException {
    return index.current().keySet().stream().anyMatch(id -> id.endsWith("-" + runId));
  }

  private Path shardDir(String runId) {
    return dir.resolve(SHARDS).resolve(runId);
  }

  /**
   * The bytes of passport {@code id}; empty when there is none. Only what the index has read as a
   * passport is served.
   *
   * @throws DamagedPassportException when the file under that name is not a passport
   */
  public Optional<byte[]> read(String id) throws IOException {
    return indexed(id).isEmpty() ? Optional.empty() : readFile(dir.resolve(id + ".json"));
  }

  /**
   * Passport {@code id} to be sent without holding it in memory; empty when there is none.
   *
   * @throws DamagedPassportException when the file under that name is not a passport
   */
  public Optional<PassportFile> open(String id) throws IOException {
    return indexed(id).isEmpty() ? Optional.empty() : PassportFile.check(dir.resolve(id + ".json"), MAX_READ_BYTES);
  }

  /**
   * The latency interval log of passport {@code id}: a regular file (not a link) beside it; empty
   * when the passport has none or is not stored.
   *
   * @throws DamagedPassportException when the file under the passport's name is not a passport
   */
  public Optional<Path> latencyLog(String id) throws IOException {
    if (indexed(id).isEmpty()) {
      return Optional.empty();
    }
    Path log = dir.resolve(PassportAssembler.latencyLogFile(id));
    return Files.isRegularFile(log, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Optional.of(log) : Optional.empty();
  }

  private Optional<IndexEntry> indexed(String id) throws IOException {
    if (!PassportId.isValid(id)) {
      throw new IllegalArgumentException("not a passport id: " + id);
    }
    IndexEntry entry = index.current().get(id);
    if (entry != null && entry.damaged()) {
      throw new DamagedPassportException(id, entry.listing().damaged());
    }
    return Optional.ofNullable(entry);
  }

  /**
   * A passport named by its id in this store, or by a file path; empty when neither exists.
   */
  public Optional<byte[]> readIdOrFile(String ref) throws IOException {
    if (PassportId.isValid(ref)) {
      return read(ref);
    }
    // A path the operator typed: a link to a regular file is theirs to follow.
    Path file = Path.of(ref);
    return Files.isRegularFile(file) ? readFile(file.toRealPath()) : Optional.empty();
  }

  /** The bytes of {@code latest.json}; empty before the first passport. */
  public Optional<byte[]> latest() throws IOException {
    return readFile(dir.resolve(LATEST));
  }

  /** {@code latest.json} to be sent without holding it in memory; empty before the first passport. */
  public Optional<PassportFile> openLatest() throws IOException {
    return PassportFile.check(dir.resolve(LATEST), MAX_READ_BYTES);
  }

  /**
   * Passports newest first.
   *
   * @param limit at most this many
   * @param before only ids older than this one (the {@code next} of the previous page), or {@code
   *     null}
   */
  public Page list(int limit, String before) throws IOException {
    if (before != null && !PassportId.isValid(before)) {
      throw new IllegalArgumentException("not a passport id: " + before);
    }
    List<PassportListing> items = new ArrayList<>(Math.min(limit, 64));
    String next = null;
    for (IndexEntry entry : PassportIndex.olderThan(index.current(), before)) {
      if (items.size() == limit) {
        next = items.get(items.size() - 1).id();
        break;
      }
      items.add(entry.listing());
    }
    return new Page(items, next);
  }

  /**
   * The complete, passing passports of {@code plan} without regressions, newest first: the
   * candidates for its default baseline and its history.
   */
  public List<PassportListing> cleanPasses(String plan) throws IOException {
    List<PassportListing> out = new ArrayList<>();
    for (IndexEntry entry : index.current().values()) {
      if (plan.equals(entry.listing().plan()) && entry.listing().isCleanPass()) {
        out.add(entry.listing());
      }
    }
    return out;
  }

  /**
   * The complete (not aborted, not damaged) passports of {@code plan}, newest first, at most
   * {@code limit}: where each variant's baseline and history are looked for.
   */
  public List<PassportListing> completeRuns(String plan, int limit) throws IOException {
    List<PassportListing> out = new ArrayList<>();
    for (IndexEntry entry : index.current().values()) {
      if (out.size() == limit) {
        break;
      }
      PassportListing l = entry.listing();
      if (plan.equals(l.plan()) && l.damaged() == null && l.status() == Passport.Status.COMPLETE) {
        out.add(l);
      }
    }
    return out;
  }

  /** Passports known to the index; scans the directory first when it was never scanned. */
  public int indexedCount() throws IOException {
    return index.current().size();
  }

  /** Brings the index up to date with the directory now (at start, and in tests). */
  public void rescan() throws IOException {
    index.rescanNow();
  }

  /**
   * A metric of {@code query.plan()}'s variants over its passports: the newest {@code limit}
   * passports started at or after {@code since}, oldest first. Damaged files are skipped.
   */
  public Trend trend(Trend.Query query) throws IOException {
    return Trend.of(index.current().values(), query);
  }

  /**
   * Deletes the passports the retention policy no longer keeps (see {@link Retention}).
   *
   * @return the ids deleted, newest first
   */
  public synchronized List<String> applyRetention(Instant now) throws IOException {
    if (retention.maxAge().isZero() && retention.maxCount().isEmpty()) {
      return List.of();
    }
    java.util.Set<String> pinned = new java.util.HashSet<>(pins().values());
    List<String> doomed = retention.doomed(index.current().values(), pinned, now);
    for (String id : doomed) {
      Files.deleteIfExists(dir.resolve(id + ".json"));
      Files.deleteIfExists(dir.resolve(PassportAssembler.latencyLogFile(id)));
      index.remove(id);
    }
    if (!doomed.isEmpty()) {
      forceDirectory(dir);
      LOG.infof("retention removed %d passports from %s (oldest %s)", doomed.size(), dir, doomed.get(doomed.size() - 1));
    }
    return doomed;
  }

  /** A page of a listing; {@code next} is the cursor for the following page, or {@code null}. */
  public record Page(List<PassportListing> items, String next) {}

  /**
   * Fails when a passport could not be written now: the directory is missing and cannot be made,
   * or a file cannot be created in it, or the last write failed (a full volume, say) and a write
   * of its size still fails. Readiness reports this, so a pod whose volume filled up is taken out
   * of service until space is freed.
   */
  public void checkWritable() throws IOException {
    Files.createDirectories(dir);
    FailedWrite failed = lastFailedWrite;
    int size = failed == null ? 0 : Math.max(PROBE_BYTES, failed.bytes());
    Path probe = Files.createTempFile(dir, ".ready-", ".tmp");
    try {
      if (size > 0) {
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.allocate(size);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        } catch (IOException e) {
          throw new IOException("the last passport write failed (" + failed.reason() + ") and a write of "
              + size + " bytes still fails: " + e.getMessage(), e);
        }
        lastFailedWrite = null;
      }
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /** Why the last write failed and how large it was; cleared once that much can be written. */
  private record FailedWrite(String reason, int bytes) {}

  private static final int PROBE_BYTES = 4096;
  private volatile FailedWrite lastFailedWrite;

  /** Deletes hidden temporary files older than {@code age}, left by writers that died. */
  public int sweepStaleTemporaryFiles(Duration age) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Instant cutoff = Instant.now().minus(age);
    int removed = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".tmp")
            && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
    }
    return removed;
  }

  private Optional<byte[]> readFile(Path file) throws IOException {
    return PassportFile.read(file, MAX_READ_BYTES);
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    try {
      writeThroughTemporaryFile(target, bytes);
    } catch (IOException e) {
      lastFailedWrite = new FailedWrite(e.toString(), bytes.length);
      throw new IOException("cannot write " + target.getFileName() + " to " + target.getParent() + ": " + e, e);
    }
  }

  private void writeThroughTemporaryFile(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    try {
      makeReadableByAll(temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the passport directory does not support atomic renames: " + dir, e);
      }
      forceDirectory(target.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Temporary files start owner-only; passports are read by other tools and pods. */
  private static void makeReadableByAll(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename is still atomic there.
    }
  }
}
