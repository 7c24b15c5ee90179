package io.cartographer.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.TestPassports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files on the passport volume that are not passports, put there by someone else or by accident:
 * a symbolic link named like a passport to a secret, a FIFO, a directory, a file of text. None is
 * opened, followed or served; each is listed as damaged with a reason that quotes none of it.
 */
class VolumeTrapsTest {

  private static final String LINK = "20260101T000001Z-a0000001";
  private static final String FIFO = "20260101T000002Z-a0000002";
  private static final String DIRECTORY = "20260101T000003Z-a0000003";
  private static final String TEXT = "20260101T000004Z-a0000004";
  private static final String GOOD = "20260101T000005Z-a0000005";
  private static final String SECRET = "CARTOGRAPHER_API_TOKEN=s3cret";

  @TempDir Path dir;

  private Map<String, String> damagedReasons(PassportStore store) throws Exception {
    return store.list(100, null).items().stream().filter(i -> i.damaged() != null)
        .collect(Collectors.toMap(PassportListing::id, PassportListing::damaged));
  }

  private static void mkfifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is not available here");
  }

  @Test
  void aSymlinkNamedLikeAPassportIsNeverFollowed() throws Exception {
    Path secret = dir.resolve("environ");
    Files.writeString(secret, "{\"schema\":\"" + SECRET + "\"}");
    Path passports = dir.resolve("passports");
    Files.createDirectories(passports);
    Files.createSymbolicLink(passports.resolve(LINK + ".json"), secret);
    PassportStore store = new PassportStore(passports);
    store.write(TestPassports.passport(Instant.parse("2026-01-01T00:00:05Z"), "a0000005"));

    String reason = damagedReasons(store).get(LINK);
    assertEquals("is a symbolic link; passports are regular files", reason);
    DamagedPassportException e = assertThrows(DamagedPassportException.class, () -> store.read(LINK));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertThrows(DamagedPassportException.class, () -> store.open(LINK));
    assertTrue(store.read(GOOD).isPresent());
  }

  @Test
  void aSymlinkAsLatestIsNotServed() throws Exception {
    Path secret = dir.resolve("environ");
    Files.writeString(secret, SECRET);
    Path passports = dir.resolve("passports");
    Files.createDirectories(passports);
    Files.createSymbolicLink(passports.resolve(PassportStore.LATEST), secret);
    PassportStore store = new PassportStore(passports);
    assertThrows(PassportFile.NotAPassportFileException.class, store::openLatest);
    assertThrows(PassportFile.NotAPassportFileException.class, store::latest);
  }

  /** A FIFO blocks whoever opens it until a writer comes: it must never be opened at all. */
  @Test
  void aFifoNamedLikeAPassportNeitherHangsTheIndexNorARead() throws Exception {
    Path passports = dir.resolve("passports");
    Files.createDirectories(passports);
    mkfifo(passports.resolve(FIFO + ".json"));
    PassportStore store = new PassportStore(passports);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertEquals("is not a regular file (a FIFO, socket or device); passports are regular files",
          damagedReasons(store).get(FIFO));
      assertThrows(DamagedPassportException.class, () -> store.read(FIFO));
      // one added while the service runs, too
      mkfifo(passports.resolve("20260101T000009Z-a0000009.json"));
      store.rescan();
      assertTrue(damagedReasons(store).containsKey("20260101T000009Z-a0000009"));
    });
  }

  @Test
  void aDirectoryOrTextUnderAPassportNameIsDamagedAndQuotesNothing() throws Exception {
    Path passports = dir.resolve("passports");
    Files.createDirectories(passports.resolve(DIRECTORY + ".json"));
    Files.writeString(passports.resolve(TEXT + ".json"), "root:x:0:0:" + SECRET + ":/root:/bin/bash\n");
    PassportStore store = new PassportStore(passports);
    Map<String, String> reasons = damagedReasons(store);
    assertEquals("is a directory; passports are regular files", reasons.get(DIRECTORY));
    assertTrue(reasons.get(TEXT).startsWith("does not parse: not valid JSON at line 1"), reasons.get(TEXT));
    assertFalse(reasons.get(TEXT).contains("root"), reasons.get(TEXT));
    assertThrows(DamagedPassportException.class, () -> store.read(DIRECTORY));
  }

  @Test
  void aPassportToSendIsTheCheckedRegularFileOfTheStore() throws Exception {
    PassportStore store = new PassportStore(dir.resolve("passports"));
    store.write(TestPassports.passport(Instant.parse("2026-01-01T00:00:05Z"), "a0000005"));
    PassportFile file = store.open(GOOD).orElseThrow();
    assertEquals(store.dir().resolve(GOOD + ".json"), file.path());
    assertEquals(store.read(GOOD).orElseThrow().length, file.size());
    assertTrue(store.open("20260101T000009Z-a0000009").isEmpty());
  }
}
