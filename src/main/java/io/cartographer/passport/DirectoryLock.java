package io.cartographer.passport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises read-modify-write steps on one passport directory ({@code pins.json}, {@code
 * latest.json}) across processes and within one. Across processes, an advisory {@code fcntl} lock
 * on {@code .lock} in the directory (pods sharing a volume, a CronJob beside the service). Within
 * one JVM such a lock is held by the process, not the thread, and a second {@code lock()} on it
 * throws; so threads and stores of the same directory first take a lock of this JVM's, one per
 * directory. The map of those locks is the one piece of static state here, because two stores of
 * one directory in one JVM must share it.
 */
final class DirectoryLock {

  static final String FILE = ".lock";

  private static final ConcurrentMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

  private DirectoryLock() {}

  /** A step that reads and writes files of the directory. */
  interface Step<T> {
    T run() throws IOException;
  }

  /** Runs {@code step} holding the directory's lock; blocks (a worker thread) while another holds it. */
  static <T> T holding(Path dir, Step<T> step) throws IOException {
    ReentrantLock local = IN_THIS_JVM.computeIfAbsent(dir, d -> new ReentrantLock());
    local.lock();
    try (FileChannel channel =
            FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      return step.run();
    } finally {
      local.unlock();
    }
  }
}
