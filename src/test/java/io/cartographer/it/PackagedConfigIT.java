package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.PackagedJar.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarFile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar leaves {@code application.properties} out (SmallRye Config opened the whole
 * uber-jar as a zip file system to read it, at every start): Quarkus recorded its values at build
 * time, and the jar still runs with every one of them.
 */
class PackagedConfigIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void theJarHasNoApplicationPropertiesAndKeepsTheirLoggingSettings() throws Exception {
    try (JarFile jar = new JarFile(PackagedJar.JAR.toFile())) {
      assertEquals(null, jar.getEntry("application.properties"), "left out of the jar (quarkus.package.jar.user-configured-ignored-entries)");
    }
    Result compare = PackagedJar.run(dir, Duration.ofSeconds(60), Map.of(), "compare", "no-a", "no-b");
    assertEquals(2, compare.exitCode(), compare.transcript());
    // quarkus.log.console.stderr and quarkus.log.console.format, both read at run time
    assertFalse(compare.output().contains("INFO"), "no log line on stdout: " + compare.transcript());
    assertTrue(compare.errorOutput().lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d INFO  \\[io\\.quarkus\\] .*")),
        "log lines on stderr in the configured format: " + compare.transcript());
  }

  @Test
  void theServiceRefusesABodyOverTheConfiguredLimit() throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.yaml"), """
        name: packaged-config
        target: {base-url: http://127.0.0.1:9}
        endpoints: [{name: e, path: /e, variants: [{name: v}]}]
        """);
    try (PackagedJar.Service service = PackagedJar.startService(dir, dir.resolve("passports"), plan)) {
      Awaitility.await("ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> status(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready")).build()) == 200
              || !service.process().isAlive());
      assertTrue(service.process().isAlive(), Files.readString(service.log()));
      // quarkus.http.limits.max-body-size=256K, a run-time setting: refused from the announced
      // length, before any of the body is sent
      try (Socket socket = new Socket("127.0.0.1", service.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("POST /run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\n"
            + "Content-Length: " + 300 * 1024 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
        assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine, Files.readString(service.log()));
      }
    }
  }

  private static int status(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
