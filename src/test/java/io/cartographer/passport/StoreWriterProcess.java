package io.cartographer.passport;

import io.cartographer.testing.TestPassports;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.LongStream;

/**
 * A separate process that writes passports to a directory as fast as it can until it is killed;
 * {@link PassportStoreTest} kills it at random moments to prove no partial passport survives.
 */
public final class StoreWriterProcess {

  public static void main(String[] args) throws Exception {
    PassportStore store = new PassportStore(Path.of(args[0]));
    long[] latencies = LongStream.range(1, 200_000).map(i -> i * 37 % 5_000_000 + 1).toArray();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; ; i++) {
      store.write(TestPassports.passport(t.plusSeconds(i), PassportId.newRunId(), 3, latencies));
      if (i == 0) {
        System.out.println("first passport written");
        System.out.flush();
      }
    }
  }
}
