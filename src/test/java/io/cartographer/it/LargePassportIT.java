package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.passport.PassportJson;
import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.TestPassports;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen concurrent GETs of a 40 MB passport from the packaged service with a 128 MiB heap:
 * passports are streamed from their files, so every answer is whole and nothing runs out of
 * memory (buffered, they needed 640 MB).
 */
class LargePassportIT {

  private static final String ID = "20260101T000000Z-9a000001";
  private static final int CLIENTS = 16;

  @TempDir Path dir;

  @Test
  void concurrentReadsOfALargePassportAreStreamed() throws Exception {
    Path passports = dir.resolve("passports");
    Files.createDirectories(passports);
    String json = new String(
        PassportJson.write(TestPassports.passport(Instant.parse("2026-01-01T00:00:00Z"), "9a000001")),
        StandardCharsets.UTF_8);
    String padded = "{\"padding\":\"" + "x".repeat(40 << 20) + "\"," + json.substring(1);
    Files.writeString(passports.resolve(ID + ".json"), padded);
    long size = Files.size(passports.resolve(ID + ".json"));

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = dir.resolve("service.log");
    Process service = PackagedJar.start(dir, log, Map.of("CARTOGRAPHER_JAVA_OPTS_APPEND",
        String.join(" ", "-Xmx128m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
            "-Dcartographer.passport-dir=" + passports, "-Dcartographer.retention.max-age=0")));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    try {
      String base = "http://127.0.0.1:" + port;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (status(http, base + "/q/health/live") != 200) {
        assertTrue(System.nanoTime() < deadline, "the service starts: " + Files.readString(log));
        assertTrue(service.isAlive(), Files.readString(log));
        Thread.sleep(100);
      }
      List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        answers.add(http.sendAsync(
            HttpRequest.newBuilder(URI.create(base + "/passports/" + ID)).timeout(Duration.ofSeconds(120)).build(),
            counting()));
      }
      for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
        HttpResponse<byte[]> response = answer.get(180, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals(size, java.nio.ByteBuffer.wrap(response.body()).getLong(), "the whole passport");
      }
      String output = Files.readString(log);
      assertFalse(output.contains("OutOfMemoryError"), output);
    } finally {
      service.destroy();
      if (!service.waitFor(20, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  /**
   * A body handler that keeps only the count of bytes (as eight big-endian bytes): the test JVM
   * should not need 640 MB either.
   */
  private static HttpResponse.BodyHandler<byte[]> counting() {
    return info -> HttpResponse.BodySubscribers.mapping(
        HttpResponse.BodySubscribers.fromSubscriber(new CountingSubscriber(), CountingSubscriber::count),
        n -> java.nio.ByteBuffer.allocate(8).putLong(n).array());
  }

  private static final class CountingSubscriber implements java.util.concurrent.Flow.Subscriber<List<java.nio.ByteBuffer>> {
    private long count;

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> buffers) {
      for (java.nio.ByteBuffer b : buffers) {
        count += b.remaining();
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    long count() {
      return count;
    }
  }

  private static int status(HttpClient http, String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
