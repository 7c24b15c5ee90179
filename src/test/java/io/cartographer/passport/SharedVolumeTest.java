package io.cartographer.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.TestPassports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers on one passport directory, as two pods on a shared volume or a CronJob beside the
 * service: no pin is lost, latest.json never moves backwards, and a failure to move latest.json
 * does not turn a stored passport into a failed run.
 */
class SharedVolumeTest {

  private static final int PINS = 100;

  @TempDir Path dir;

  private static String id(int i) {
    return "20260101T000000Z-" + String.format("%08x", i);
  }

  @Test
  void twoProcessesPinningAtOnceLoseNoPin() throws Exception {
    Path passports = dir.resolve("passports");
    Files.createDirectories(passports);
    List<Process> writers = new ArrayList<>();
    try {
      for (String prefix : List.of("a", "b")) {
        Process p = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                PinWriterProcess.class.getName(), passports.toString(), prefix, Integer.toString(PINS))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        writers.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
      }
      for (Process p : writers) {
        p.getOutputStream().write('\n');
        p.getOutputStream().flush();
      }
      for (Process p : writers) {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the writer ends");
        assertEquals(0, p.exitValue());
      }
    } finally {
      writers.forEach(Process::destroyForcibly);
    }
    PassportStore store = new PassportStore(passports);
    for (String prefix : List.of("a", "b")) {
      for (int i = 0; i < PINS; i++) {
        assertEquals(java.util.Optional.of(id(i)), store.pinned(prefix + "-" + i), prefix + "-" + i);
      }
    }
  }

  @Test
  void twoStoresOfOneDirectoryInOneJvmLoseNoPin() throws Exception {
    Path passports = dir.resolve("passports");
    PassportStore first = new PassportStore(passports);
    PassportStore second = new PassportStore(passports);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < PINS; i++) {
        int n = i;
        done.add(pool.submit(() -> {
          first.pin("a-" + n, id(n));
          return null;
        }));
        done.add(pool.submit(() -> {
          second.pin("b-" + n, id(n));
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < PINS; i++) {
      assertEquals(java.util.Optional.of(id(i)), first.pinned("a-" + i));
      assertEquals(java.util.Optional.of(id(i)), first.pinned("b-" + i));
    }
  }

  @Test
  void latestNeverMovesBackToAnOlderRunThatFinishedLater() throws Exception {
    Path passports = dir.resolve("passports");
    PassportStore service = new PassportStore(passports);
    PassportStore cronJob = new PassportStore(passports);
    Instant t = Instant.parse("2026-06-01T12:00:00Z");
    service.write(TestPassports.passport(t.plusSeconds(60), "b0000002"));
    cronJob.write(TestPassports.passport(t, "b0000001")); // started earlier, finished later
    assertTrue(new String(service.latest().orElseThrow()).contains("\"20260601T120100Z-b0000002\""));
    service.write(TestPassports.passport(t.plusSeconds(120), "b0000003"));
    assertTrue(new String(cronJob.latest().orElseThrow()).contains("\"20260601T120200Z-b0000003\""));
  }

  @Test
  void latestIsReconciledAtStartWhenAWriterDiedBeforeMovingIt() throws Exception {
    Path passports = dir.resolve("passports");
    PassportStore store = new PassportStore(passports);
    Instant t = Instant.parse("2026-06-01T12:00:00Z");
    store.write(TestPassports.passport(t, "c0000001"));
    store.write(TestPassports.passport(t.plusSeconds(60), "c0000002"));
    Files.copy(passports.resolve("20260601T120000Z-c0000001.json"), passports.resolve(PassportStore.LATEST),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    PassportStore restarted = new PassportStore(passports);
    restarted.reconcileLatest();
    assertTrue(new String(restarted.latest().orElseThrow()).contains("\"20260601T120100Z-c0000002\""));
  }

  /**
   * A start compares latest.json with the newest passport before parsing anything: a copy of it is
   * left as it is (the same file), a damaged one, even one that begins like the newest passport,
   * is replaced.
   */
  @Test
  void latestIsKeptWhenCurrentAndReplacedWhenDamagedAtStart() throws Exception {
    Path passports = dir.resolve("passports");
    PassportStore store = new PassportStore(passports);
    store.write(TestPassports.passport(Instant.parse("2026-06-01T12:00:00Z"), "d0000001"));
    Path latest = passports.resolve(PassportStore.LATEST);
    Object fileKey = Files.readAttributes(latest, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    PassportStore restarted = new PassportStore(passports);
    restarted.reconcileLatest();
    assertEquals(fileKey, Files.readAttributes(latest, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
        "an up-to-date latest.json is not written again");

    byte[] newest = Files.readAllBytes(passports.resolve("20260601T120000Z-d0000001.json"));
    Files.write(latest, java.util.Arrays.copyOf(newest, newest.length / 2));
    new PassportStore(passports).reconcileLatest();
    assertTrue(java.util.Arrays.equals(newest, Files.readAllBytes(latest)), "a truncated latest.json is replaced");
  }

  /**
   * latest.json cannot be replaced (here a directory stands in its place, as a full volume would
   * fail that one write): the passport is stored and listed, and the write reports success, so
   * the run is done rather than failed with its passport posing as a pass.
   */
  @Test
  void aFailedLatestWriteLeavesTheRunStoredAndSaysSoOnce() throws Exception {
    Path passports = dir.resolve("passports");
    Files.createDirectories(passports.resolve(PassportStore.LATEST).resolve("blocker"));
    PassportStore store = new PassportStore(passports);
    Path file = store.write(TestPassports.passport(Instant.parse("2026-06-01T12:00:00Z"), "d0000001"));
    assertTrue(Files.isRegularFile(file));
    assertEquals(List.of("20260601T120000Z-d0000001"),
        store.list(10, null).items().stream().map(PassportListing::id).toList());
  }
}
