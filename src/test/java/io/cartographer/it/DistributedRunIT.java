package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.PassportSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed mode on one machine: three real JVMs of the packaged jar, each told its shard the
 * way an Indexed Job tells it (JOB_COMPLETION_INDEX, JOB_COMPLETIONS), load one loopback target;
 * a fourth merges their passports.
 */
class DistributedRunIT {

  @TempDir Path dir;

  @Test
  void threeShardsMergeIntoOneRunThatIsJudgedAsAWhole() throws Exception {
    try (LoopbackServer target = LoopbackServer.start(req -> req.response().end("{\"ok\":true}"))) {
      Path plan = Files.writeString(dir.resolve("plan.yaml"), """
          name: distributed
          target: {base-url: %s}
          defaults:
            thresholds: {max-error-rate: 0, max-p99: 1us}
          endpoints:
            - name: items
              path: /items
              variants:
                - {name: closed, load: {concurrency: 4, requests: 1000, warmup: 10}}
                - {name: open, load: {model: open, rate: 300/s, duration: 1s, max-connections: 6, warmup: 6}}
          """.formatted(target.baseUrl()));
      Path passports = dir.resolve("passports");
      List<Process> shards = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        shards.add(start(List.of("run", "--plan", plan.toString(), "--passport-dir", passports.toString()),
            Map.of("JOB_COMPLETION_INDEX", Integer.toString(i), "JOB_COMPLETIONS", "3",
                "CARTOGRAPHER_RUN_ID", "job-uid-1234"), "shard-" + i));
      }
      for (int i = 0; i < 3; i++) {
        assertEquals(0, finish(shards.get(i), "shard-" + i), "a shard's own verdict does not decide its exit");
      }
      assertEquals(1000 + 10 + 300 + 6, target.requests(), "the shards sent exactly what the plan asks, once");

      Process merge = start(List.of("merge", "--run-id", "job-uid-1234", "--plan", plan.toString(),
          "--passport-dir", passports.toString()), Map.of(), "merge");
      assertEquals(1, finish(merge, "merge"), "the merged run fails its 1us p99 limit");

      List<Path> merged = passportFiles(passports);
      assertEquals(1, merged.size());
      JsonNode run = PassportSchema.assertValid(merged.get(0));
      List<JsonNode> shardPassports = new ArrayList<>();
      try (Stream<Path> files = Files.list(passports.resolve("shards").resolve(run.path("run_id").asText()))) {
        for (Path f : files.sorted().toList()) {
          shardPassports.add(PassportSchema.assertValid(f));
        }
      }
      assertEquals(3, shardPassports.size());
      for (int k = 0; k < 2; k++) {
        JsonNode result = run.at("/test_results/" + k);
        long sum = 0;
        Histogram union = new Histogram(1, 3_600_000_000L, 3);
        for (JsonNode shard : shardPassports) {
          JsonNode part = shard.at("/test_results/" + k);
          sum += part.path("requests").asLong();
          union.add(Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(part.at("/histograms/latency/data").asText())), 1));
        }
        long planned = k == 0 ? 1000 : 300;
        assertEquals(planned, result.path("requests").asLong(), "total = the plan's total");
        assertEquals(sum, result.path("requests").asLong(), "total = the sum of the shards");
        assertEquals(union.getTotalCount(), result.at("/histograms/latency/count").asLong());
        assertEquals(union.getValueAtPercentile(99) / 1000.0, result.at("/latency_ms/p99").asDouble());
        assertEquals("fail", result.path("verdict").asText());
      }
      assertEquals(300, run.at("/test_results/1/open_model/intended").asLong());
      assertEquals("FAIL", run.at("/summary/verdict").asText());
      assertTrue(run.at("/shard/merged_from").asBoolean());
    }
  }

  private Process start(List<String> args, Map<String, String> env, String name) throws IOException {
    Map<String, String> environment = new java.util.HashMap<>(env);
    environment.put("CARTOGRAPHER_JAVA_OPTS_APPEND", "-Xmx256m");
    return PackagedJar.start(dir, dir.resolve(name + ".log"), environment, args.toArray(String[]::new));
  }

  private int finish(Process process, String name) throws Exception {
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not finish within 90 s");
    }
    String log = Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
    System.out.println("---- " + name + " (exit " + process.exitValue() + ")\n" + log);
    return process.exitValue();
  }

  private static List<Path> passportFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.json")).toList();
    }
  }
}
