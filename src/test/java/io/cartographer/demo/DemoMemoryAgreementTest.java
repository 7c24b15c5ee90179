package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.memory.ProbeMemoryReader;
import io.cartographer.memory.TargetMemory;
import io.cartographer.memory.TargetMemorySampler;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The figure read from a real process's metrics endpoint (this one's demo target) agrees with
 * what the kernel says of the same process.
 */
@QuarkusTest
class DemoMemoryAgreementTest {

  @Inject Vertx vertx;

  @TestHTTPResource("/demo/metrics")
  URI metrics;

  @Test
  void targetRssAgreesWithProcStatusWithinTenPercent() throws Exception {
    if (!Files.exists(Path.of("/proc/self/status"))) {
      return;
    }
    TargetMemory m =
        TargetMemorySampler.start(vertx, metrics, "process_resident_memory_bytes", Duration.ofMillis(50)).stop();
    long kernel = ProbeMemoryReader.read().rssBytes();
    assertNotNull(m.afterBytes(), m.notMeasured());
    double ratio = (double) m.afterBytes() / kernel;
    assertTrue(ratio > 0.9 && ratio < 1.1, "metrics say " + m.afterBytes() + ", /proc says " + kernel);
  }
}
