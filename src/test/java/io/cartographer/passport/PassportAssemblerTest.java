package io.cartographer.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.load.Distribution;
import io.cartographer.testing.PassportSchema;
import io.cartographer.testing.TestPassports;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PassportAssemblerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void carriesTheOriginalSuitesKeysAndValidates() throws Exception {
    JsonNode p = PassportSchema.assertValid(PassportJson.write(TestPassports.passport(T0, "0000abcd")));
    for (String key : new String[] {"cartographer", "performance_guarantee", "endpoints_profiled",
        "test_results", "summary", "thresholds", "system_info", "schema", "id", "plan", "started_at",
        "finished_at", "status"}) {
      assertTrue(p.has(key), key);
    }
    assertEquals("20261126T100000Z-0000abcd", p.get("id").asText());
    assertEquals(64, p.at("/plan/digest").asText().length());
  }

  @Test
  void latencyThatWasNotMeasuredIsNullWithAReasonNeverZero() throws Exception {
    JsonNode p = PassportSchema.assertValid(PassportJson.write(TestPassports.passport(T0, "0000abcd", 4)));
    JsonNode result = p.at("/test_results/0");
    assertTrue(result.get("latency_ms").isNull());
    assertEquals("no successful request to measure", result.at("/not_measured/latency_ms").asText());
    assertEquals("fail", result.get("verdict").asText());
    assertTrue(result.at("/memory/target/before_bytes").isNull());
    assertTrue(result.at("/not_measured/memory.target").asText().contains("no metrics endpoint"));
  }

  @Test
  void encodedHistogramDecodesToTheRecordedValues() throws Exception {
    JsonNode p = PassportSchema.assertValid(PassportJson.write(TestPassports.passport(T0, "0000abcd", 0, 1000, 2000, 3000)));
    Distribution decoded = Distribution.decode(p.at("/test_results/0/histograms/latency/data").asText());
    assertEquals(3, decoded.count());
    assertEquals(2000, decoded.valueAt(50), 2);
    assertEquals(p.at("/test_results/0/latency_ms/max").asDouble(), decoded.max() / 1000.0);
  }
}
