package io.cartographer.passport;

import io.cartographer.config.CartographerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Provides the store of {@code cartographer.passport-dir}, swept of stale temporary files, under
 * the configured retention policy.
 */
public class PassportStoreProducer {

  private static final Logger LOG = Logger.getLogger(PassportStoreProducer.class);

  /** Older temporary files than this cannot belong to a write still in progress. */
  static final Duration STALE_AFTER = Duration.ofMinutes(10);

  /** A store of {@code dir} under the configured retention policy. */
  public static PassportStore open(Path dir, CartographerConfig config) {
    return new PassportStore(
        dir,
        new Retention(config.retention().maxAge(), config.retention().maxCount(), config.baseline().pin()));
  }

  @Produces
  @Singleton
  PassportStore configuredStore(CartographerConfig config) {
    PassportStore store = open(Path.of(config.passportDir()), config);
    try {
      int removed = store.sweepStaleTemporaryFiles(STALE_AFTER);
      if (removed > 0) {
        LOG.infof("removed %d stale temporary files from %s", removed, store.dir());
      }
    } catch (IOException e) {
      LOG.warnf("cannot sweep %s: %s", store.dir(), e.getMessage());
    }
    return store;
  }

  /**
   * In service mode, builds the passport index and applies retention on a thread of its own, so
   * that neither holds up the start (they took 40-240 ms of it for two passports, cold); a request
   * that needs the index first waits for that scan rather than scanning again. A one-shot command
   * builds the index only if it reads passports.
   */
  void indexAtStart(@Observes StartupEvent event, PassportStore store) {
    if (Boolean.getBoolean("io.cartographer.one-shot")) {
      return;
    }
    Thread indexing = new Thread(() -> index(store), "cartographer-passport-index");
    indexing.setDaemon(true);
    indexing.start();
  }

  private static void index(PassportStore store) {
    long started = System.nanoTime();
    try {
      store.rescan();
      store.reconcileLatest();
      int removed = store.applyRetention(java.time.Instant.now()).size();
      LOG.infof(
          "indexed %d passports of %s in %d ms%s",
          store.indexedCount(),
          store.dir(),
          (System.nanoTime() - started) / 1_000_000,
          removed == 0 ? "" : "; retention removed " + removed);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("cannot index %s at start: %s", store.dir(), e.getMessage());
    }
  }
}
