package io.cartographer.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.PassportSchema;
import io.cartographer.testing.TestPassports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A passport volume that fills up or turns read-only, on a real small tmpfs (needs root and
 * mount(8), as in CI and in these containers; skipped elsewhere, saying why): writes fail with a
 * clear error, nothing half-written remains, every file that looks like a passport is complete,
 * and the readiness check stays DOWN until space is freed.
 */
class VolumeFaultsTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path tmp;
  private Path mountPoint;

  @BeforeEach
  void mountSmallVolume() throws Exception {
    mountPoint = tmp.resolve("volume");
    Files.createDirectories(mountPoint);
    int exit = run("mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", mountPoint.toString());
    Assumptions.assumeTrue(exit == 0, "cannot mount a tmpfs here (not root, or no mount permission)");
  }

  @AfterEach
  void unmount() throws Exception {
    run("umount", mountPoint.toString());
  }

  @Test
  void aFullVolumeFailsTheWriteClearlyLeavesNothingHalfWrittenAndReadinessStaysDownUntilFreed()
      throws Exception {
    PassportStore store = new PassportStore(mountPoint.resolve("passports"));
    IOException full = null;
    int written = 0;
    for (int i = 0; i < 200 && full == null; i++) {
      try {
        store.write(TestPassports.passport(T0.plusSeconds(i), String.format("%08x", i)));
        written++;
      } catch (IOException e) {
        full = e;
      }
    }
    assertTrue(full != null, "the volume filled up after " + written + " passports");
    assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
    assertTrue(full.getMessage().startsWith("cannot write "), full.getMessage());

    assertEquals(List.of(), temporaryFiles(store.dir()));
    for (PassportListing item : store.list(500, null).items()) {
      assertNull(item.damaged(), item.id() + ": " + item.damaged());
    }
    PassportSchema.assertValid(store.dir().resolve(PassportStore.LATEST));

    IOException down = assertThrows(IOException.class, store::checkWritable);
    assertTrue(down.getMessage().contains("the last passport write failed"), down.getMessage());

    for (PassportListing item : store.list(500, null).items()) {
      Files.delete(store.dir().resolve(item.id() + ".json"));
    }
    store.checkWritable();
    store.checkWritable();
    assertEquals(List.of(), temporaryFiles(store.dir()));
  }

  @Test
  void aReadOnlyVolumeFailsTheWriteClearlyAndReadinessIsDown() throws Exception {
    PassportStore store = new PassportStore(mountPoint.resolve("passports"));
    store.write(TestPassports.passport(T0, "0000000a"));
    assertEquals(0, run("mount", "-o", "remount,ro", mountPoint.toString()));

    IOException e = assertThrows(IOException.class, () -> store.write(TestPassports.passport(T0.plusSeconds(1), "0000000b")));
    assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
    IOException down = assertThrows(IOException.class, store::checkWritable);
    assertTrue(down.getMessage().contains("Read-only file system"), down.getMessage());
    assertEquals(1, store.list(10, null).items().size(), "the earlier passport is still served");
    PassportSchema.assertValid(store.dir().resolve(PassportStore.LATEST));
  }

  private static List<String> temporaryFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }

  private static int run(String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    }
  }
}
