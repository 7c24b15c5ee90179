package io.cartographer.passport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.PassportSchema;
import io.cartographer.testing.TestPassports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PassportStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path dir;

  private PassportStore store() {
    return new PassportStore(dir.resolve("passports"));
  }

  @Test
  void writesPassportsAndPointsLatestAtTheNewest() throws Exception {
    PassportStore store = store();
    Passport first = TestPassports.passport(T0, "0000000a");
    Passport second = TestPassports.passport(T0.plusSeconds(60), "0000000b");
    Path firstFile = store.write(first);
    Path secondFile = store.write(second);

    assertEquals("20261126T100000Z-0000000a.json", firstFile.getFileName().toString());
    PassportSchema.assertValid(firstFile);
    PassportSchema.assertValid(secondFile);
    assertArrayEquals(Files.readAllBytes(secondFile), store.latest().orElseThrow());
    assertArrayEquals(Files.readAllBytes(firstFile), store.read(first.id()).orElseThrow());
    try (Stream<Path> files = Files.list(store.dir())) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
    }
  }

  @Test
  void listsNewestFirstInPagesFollowingTheCursor() throws Exception {
    PassportStore store = store();
    for (int i = 1; i <= 5; i++) {
      store.write(TestPassports.passport(T0.plusSeconds(i), "0000000" + i));
    }
    PassportStore.Page first = store.list(2, null);
    assertEquals(List.of("20261126T100005Z-00000005", "20261126T100004Z-00000004"), ids(first));
    PassportStore.Page second = store.list(2, first.next());
    assertEquals(List.of("20261126T100003Z-00000003", "20261126T100002Z-00000002"), ids(second));
    PassportStore.Page last = store.list(2, second.next());
    assertEquals(List.of("20261126T100001Z-00000001"), ids(last));
    assertNull(last.next());

    PassportListing listing = first.items().get(0);
    assertEquals("fixture", listing.plan());
    assertEquals(io.cartographer.verdict.Verdict.PASS, listing.verdict());
    assertEquals(Passport.Status.COMPLETE, listing.status());
    assertEquals(1, listing.variants());
    assertNull(listing.damaged());
  }

  @Test
  void damagedFilesAreListedAsDamagedAndKept() throws Exception {
    PassportStore store = store();
    store.write(TestPassports.passport(T0, "0000000a"));
    Path garbage = store.dir().resolve("20261126T110000Z-0000000f.json");
    Files.writeString(garbage, "{\"schema\": \"cartographer.passport/v1\", \"id\": tru");
    Path foreign = store.dir().resolve("20261126T120000Z-0000000e.json");
    Files.writeString(foreign, "{\"schema\": \"other/v9\"}");

    List<PassportListing> items = store.list(10, null).items();
    assertEquals(3, items.size());
    assertTrue(items.get(0).damaged().startsWith("schema is not cartographer.passport/v1"), items.get(0).damaged());
    assertTrue(items.get(1).damaged().startsWith("does not parse:"), items.get(1).damaged());
    assertNull(items.get(2).damaged());
    assertTrue(Files.exists(garbage) && Files.exists(foreign), "damaged files are never deleted");
  }

  @Test
  void filesThatAreNotPassportsAreNotListed() throws Exception {
    PassportStore store = store();
    store.write(TestPassports.passport(T0, "0000000a"));
    Files.writeString(store.dir().resolve("notes.txt"), "hello");
    Files.writeString(store.dir().resolve(".20261126T100000Z-0000000b.json.123.tmp"), "{");
    Files.writeString(store.dir().resolve("20261126T100000Z-XYZ.json"), "{}");
    assertEquals(List.of("20261126T100000Z-0000000a"), ids(store.list(10, null)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "..", "", "a\0b", "latest", "20261126T100000Z-0000000a/../x"})
  void idsThatCouldEscapeTheDirectoryAreRejected(String id) {
    PassportStore store = store();
    assertThrows(IllegalArgumentException.class, () -> store.read(id));
    assertThrows(IllegalArgumentException.class, () -> store.list(10, id));
  }

  @Test
  void staleTemporaryFilesAreSweptFreshOnesKept() throws Exception {
    PassportStore store = store();
    Files.createDirectories(store.dir());
    Path stale = store.dir().resolve(".x.json.1.tmp");
    Path fresh = store.dir().resolve(".y.json.2.tmp");
    Files.writeString(stale, "{");
    Files.writeString(fresh, "{");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    assertEquals(1, store.sweepStaleTemporaryFiles(Duration.ofMinutes(10)));
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(fresh));
  }

  @Test
  void unwritableDirectoryFailsWithAClearErrorAndWritesNothing() throws Exception {
    Path blocker = dir.resolve("not-a-dir");
    Files.writeString(blocker, "a file where the directory should be");
    PassportStore store = new PassportStore(blocker.resolve("passports"));
    assertThrows(IOException.class, store::checkWritable);
    assertThrows(IOException.class, () -> store.write(TestPassports.passport(T0, "0000000a")));
    assertThrows(IOException.class, store::latest);
  }

  /**
   * Kills a writer process at random moments, mid-write more often than not, and checks that
   * every file under a passport name is a complete, schema-valid passport and latest.json parses.
   * {@code bench/kill-during-write.sh} runs the same loop 50 times.
   */
  @Test
  void writerKilledAtRandomMomentsNeverLeavesAPartialPassport() throws Exception {
    Path passports = dir.resolve("killed");
    Random random = new Random(42);
    // three kills here; bench/kill-during-write.sh does fifty
    for (int round = 0; round < 3; round++) {
      Process writer =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  StoreWriterProcess.class.getName(),
                  passports.toString())
              .redirectErrorStream(true)
              .start();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        assertEquals("first passport written", line, "writer did not start");
        Thread.sleep(random.nextInt(5, 150));
        writer.destroyForcibly();
        assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
      }
      PassportStore store = new PassportStore(passports);
      for (PassportListing item : store.list(500, null).items()) {
        assertNull(item.damaged(), item.id() + " is damaged: " + item.damaged());
        PassportSchema.assertValid(store.read(item.id()).orElseThrow());
      }
      PassportSchema.assertValid(store.latest().orElseThrow());
    }
  }

  private static List<String> ids(PassportStore.Page page) {
    return page.items().stream().map(PassportListing::id).toList();
  }
}
