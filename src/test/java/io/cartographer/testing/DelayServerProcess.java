package io.cartographer.testing;

import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server in a JVM of its own that answers every request exactly {@code delay} after it
 * arrived (or, {@link #startWithCapacity}, at most so many a second) (on the event loop's Netty scheduler, which keeps microseconds), so that what a
 * measurement test times is the probe and the server, not the test JVM's own GC and JIT compiling
 * a server beside the probe. It prints its port, then serves until its standard input closes.
 */
public final class DelayServerProcess implements AutoCloseable {

  private final Process process;
  private final URI baseUrl;

  private DelayServerProcess(Process process, URI baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts the server process and waits (bounded) for its port. */
  public static DelayServerProcess start(long delayMicros) throws IOException, InterruptedException {
    return launch(Long.toString(delayMicros));
  }

  /**
   * Starts a server that answers at most {@code perSecond} requests a second, as a service with
   * that capacity would: each request takes the next free slot (slots {@code 1/perSecond} apart, on
   * one event loop), so past that rate requests queue and their latency grows while they arrive.
   */
  public static DelayServerProcess startWithCapacity(int perSecond) throws IOException, InterruptedException {
    return launch("capacity", Integer.toString(perSecond));
  }

  private static DelayServerProcess launch(String... mode) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m",
        "-XX:+UseSerialGC",
        "-cp",
        System.getProperty("java.class.path"),
        DelayServerProcess.class.getName()));
    command.addAll(List.of(mode));
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("port ")) {
      process.destroyForcibly();
      throw new IOException("delay server did not start: " + line);
    }
    return new DelayServerProcess(process, URI.create("http://127.0.0.1:" + line.substring(5).trim()));
  }

  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    LoopbackServer server;
    if (args[0].equals("capacity")) {
      long slotNanos = 1_000_000_000L / Integer.parseInt(args[1]);
      long[] nextSlot = {0};
      // one event loop: the slots are its own state
      server = LoopbackServer.start(req -> {
        long now = System.nanoTime();
        nextSlot[0] = Math.max(now, nextSlot[0]) + slotNanos;
        ((ContextInternal) Vertx.currentContext()).nettyEventLoop()
            .schedule(() -> req.response().end("ok"), nextSlot[0] - now, TimeUnit.NANOSECONDS);
      }, 1);
    } else {
      long delayMicros = Long.parseLong(args[0]);
      server = LoopbackServer.start(
          req -> ((ContextInternal) Vertx.currentContext())
              .nettyEventLoop()
              .schedule(() -> req.response().end("ok"), delayMicros, TimeUnit.MICROSECONDS),
          2);
    }
    System.out.println("port " + server.port());
    System.out.flush();
    // Serves until the test closes the pipe (or its JVM ends) or kills the process.
    while (System.in.read() >= 0) {
      // keep serving
    }
    System.exit(0);
  }
}
