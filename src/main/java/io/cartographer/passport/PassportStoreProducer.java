package io.cartographer.passport;

import io.cartographer.config.CartographerConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Provides the store of {@code cartographer.passport-dir}, swept of stale temporary files. */
public class PassportStoreProducer {

  private static final Logger LOG = Logger.getLogger(PassportStoreProducer.class);

  /** Older temporary files than this cannot belong to a write still in progress. */
  static final Duration STALE_AFTER = Duration.ofMinutes(10);

  @Produces
  @Singleton
  PassportStore configuredStore(CartographerConfig config) {
    PassportStore store = new PassportStore(Path.of(config.passportDir()));
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
}
