package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.PackagedJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot command offers nothing to the network: with a plan file it listens on no port at
 * all; probing the embedded demo, it listens on loopback only and answers nothing but the demo
 * (no {@code /run}, no dashboard). The process's listening sockets are read from {@code /proc}
 * while the run goes on.
 */
class OneShotListenersIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void aRunOfAPlanFileListensOnNoPort() throws Exception {
    AtomicLong requests = new AtomicLong();
    try (LoopbackServer target = LoopbackServer.start(req -> {
      requests.incrementAndGet();
      req.response().end("ok");
    })) {
      Path plan = Files.writeString(dir.resolve("plan.yaml"), """
          name: no-listener
          target: {base-url: %s}
          defaults: {load: {concurrency: 2, duration: 4s, warmup: 5}}
          endpoints: [{name: root, path: /, variants: [{name: v}]}]
          """.formatted(target.baseUrl()));
      Process run = PackagedJar.start(dir, dir.resolve("plan.log"), Map.of(), "run", "--plan", plan.toString(),
          "--passport-dir", dir.resolve("passports").toString());
      try {
        Awaitility.await("the run loads the target").atMost(Duration.ofSeconds(60))
            .until(() -> requests.get() > 100 || !run.isAlive());
        assertTrue(run.isAlive(), Files.readString(dir.resolve("plan.log")));
        assertEquals(List.of(), listeningAddresses(run.pid()), "nothing listens while the run goes on");
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), Files.readString(dir.resolve("plan.log")));
      } finally {
        run.destroyForcibly();
      }
    }
  }

  @Test
  void aRunOfTheDemoListensOnLoopbackOnlyAndServesOnlyTheDemo() throws Exception {
    Process run = PackagedJar.start(dir, dir.resolve("demo.log"), Map.of(), "run",
        "--passport-dir", dir.resolve("demo-passports").toString());
    try {
      List<String> listening = new ArrayList<>();
      Awaitility.await("the demo listens").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .until(() -> {
            listening.clear();
            listening.addAll(listeningAddresses(run.pid()));
            return !listening.isEmpty() || !run.isAlive();
          });
      assertEquals(1, listening.size(), listening + "\n" + Files.readString(dir.resolve("demo.log")));
      String address = listening.get(0);
      assertTrue(address.startsWith("127.0.0.1:"), address + " is loopback");
      String base = "http://" + address;
      assertEquals(200, status(base + "/demo/health", "GET"));
      for (String path : List.of("/run", "/", "/dashboard/", "/passports", "/q/health/ready", "/q/metrics")) {
        assertEquals(404, status(base + path, path.equals("/run") ? "POST" : "GET"), path);
      }
      assertTrue(run.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, run.exitValue(), Files.readString(dir.resolve("demo.log")));
    } finally {
      run.destroyForcibly();
    }
  }

  private static int status(String url, String method) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The TCP addresses the process listens on ({@code 127.0.0.1:PORT}, {@code 0.0.0.0:PORT}, ...). */
  private static List<String> listeningAddresses(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            inodes.add(link.substring("socket:[".length(), link.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    List<String> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          addresses.add(address(f[1]));
        }
      }
    }
    return addresses;
  }

  /** {@code 0100007F:1F90} (or its IPv6 form) as {@code 127.0.0.1:8080}. */
  private static String address(String hex) {
    String[] hostPort = hex.split(":");
    String host = hostPort[0];
    int port = Integer.parseInt(hostPort[1], 16);
    String ip;
    if (host.length() == 8 || host.startsWith("0000000000000000FFFF0000")) {
      String v4 = host.substring(host.length() - 8);
      ip = Integer.parseInt(v4.substring(6, 8), 16) + "." + Integer.parseInt(v4.substring(4, 6), 16) + "."
          + Integer.parseInt(v4.substring(2, 4), 16) + "." + Integer.parseInt(v4.substring(0, 2), 16);
    } else {
      ip = host.equals("00000000000000000000000000000000") ? "[::]" : "[" + host + "]";
    }
    return ip + ":" + port;
  }
}
