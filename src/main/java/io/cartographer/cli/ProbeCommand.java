package io.cartographer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code probe URL [options]}: one URL probed without writing a plan, as hey or oha would. The
 * arguments become a one-variant plan in a temporary file, run like any other ({@code run
 * --plan}): the same engine, validation, table and exit codes. The passport is kept only with
 * {@code --passport-dir}; otherwise it goes to a temporary directory removed at exit.
 */
@Command(
    name = "probe",
    description = "probe one URL with a one-variant plan (no plan file needed); the passport is kept only with --passport-dir")
final class ProbeCommand {

  /** The {@code run} arguments the probe becomes, and whether its passport is kept. */
  record Translated(List<String> runArguments, boolean passportKept) {}

  @Parameters(index = "0", paramLabel = "URL", description = "the http:// or https:// URL; its path and query are the request's")
  String url;

  @Option(names = "-n", paramLabel = "N", description = "requests to record (default 200; closed model)")
  Long requests;

  @Option(names = "-d", paramLabel = "DURATION", description = "or run for a time: 10s, 1m (with --rate: the open model's length)")
  String duration;

  @Option(names = "-c", paramLabel = "N", description = "connections sending back to back (default 10)")
  Long connections;

  @Option(names = "--rate", paramLabel = "R", description = "or a fixed arrival rate, the open model: 500/s, 120/m")
  String rate;

  @Option(names = "-H", paramLabel = "'NAME: VALUE'", description = "a request header; repeat for more")
  List<String> headers = new ArrayList<>();

  @Option(names = "--method", paramLabel = "M", description = "GET (default), HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
  String method;

  @Option(names = "--expect", paramLabel = "STATUS", description = "the status every answer must have (default 200)")
  Integer expectedStatus;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "per request (default 2s)")
  String timeout;

  @Option(names = "--warmup", paramLabel = "N", description = "requests sent first and not recorded (default 20)")
  Long warmup;

  @Option(names = "--max-p99", paramLabel = "DURATION", description = "fail (exit 1) when the p99 is above this")
  String maxP99;

  @Option(names = "--max-error-rate", paramLabel = "F", description = "fail (exit 1) when more than this share failed, 0-1")
  Double maxErrorRate;

  @Option(names = "--passport-dir", paramLabel = "DIR", description = "keep the passport there (default: not kept)")
  String passportDir;

  @Option(names = "--report", paramLabel = "FILE", description = "also write the run as one HTML file (see run --report)")
  String report;

  /**
   * The {@code run} arguments for this probe, with its plan written to a temporary file; temporary
   * files are removed when the process exits.
   *
   * @throws IllegalArgumentException naming what is wrong with the options
   */
  Translated translate() {
    if (requests != null && duration != null) {
      throw new IllegalArgumentException("probe: -n and -d say the same thing twice: give one");
    }
    if (connections != null && rate != null) {
      throw new IllegalArgumentException("probe: -c is the closed model's, --rate the open model's: give one");
    }
    atLeast("-n", requests, 1);
    atLeast("-c", connections, 1);
    atLeast("--warmup", warmup, 0);
    for (String[] option : new String[][] {{"-d", duration}, {"--timeout", timeout}, {"--max-p99", maxP99}}) {
      if (option[1] != null) {
        try {
          io.cartographer.plan.Quantities.duration(option[1]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("probe: " + option[0] + " " + e.getMessage());
        }
      }
    }
    if (method != null && !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException("probe: --method takes one of " + METHODS + ", not '" + method + "'");
    }
    Map<String, Object> plan = plan(target(url));
    try {
      Path work = Files.createTempDirectory("cartographer-probe-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(work), "cartographer-probe-cleanup"));
      Path planFile = Files.writeString(work.resolve("probe.yaml"), YAML.writeValueAsString(plan));
      boolean kept = passportDir != null;
      List<String> run = new ArrayList<>(
          List.of("run", "--plan", planFile.toString(), "--passport-dir", kept ? passportDir : work.resolve("passports").toString()));
      if (report != null) {
        run.addAll(List.of("--report", report));
      }
      return new Translated(List.copyOf(run), kept);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the probe's plan could not be written as YAML", e);
    } catch (IOException e) {
      throw new UncheckedIOException("the probe's plan could not be written to a temporary file", e);
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static void atLeast(String option, Long value, long least) {
    if (value != null && value < least) {
      throw new IllegalArgumentException("probe: " + option + " takes a whole number of at least " + least + ", not " + value);
    }
  }

  /** The URL as base URL, path and query; only http and https with a host. */
  private static URI target(String url) {
    URI uri = HttpUrl.parse("probe", url);
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("probe: '" + url + "' has a user:password or a #fragment; leave them out");
    }
    return uri;
  }

  private Map<String, Object> plan(URI target) {
    Map<String, Object> load = new LinkedHashMap<>();
    if (rate != null) {
      load.put("model", "open");
      load.put("rate", rate);
      load.put("duration", duration != null ? duration : openDuration(rate, requests == null ? 200 : requests));
      load.put("max-connections", 256);
    } else {
      load.put("model", "closed");
      load.put("concurrency", connections == null ? 10 : connections);
      if (duration != null) {
        load.put("duration", duration);
      } else {
        load.put("requests", requests == null ? 200 : requests);
      }
    }
    load.put("warmup", warmup == null ? 20 : warmup);
    load.put("timeout", timeout == null ? "2s" : timeout);
    load.put("rounds", 1);
    Map<String, Object> variant = new LinkedHashMap<>();
    variant.put("name", "probe");
    variant.put("method", method == null ? "GET" : method.toUpperCase(Locale.ROOT));
    if (target.getRawQuery() != null) {
      variant.put("query", target.getRawQuery());
    }
    if (!headers.isEmpty()) {
      Map<String, String> named = new LinkedHashMap<>();
      for (String header : headers) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException("probe: -H '" + header + "' is not 'Name: value'");
        }
        named.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
      }
      variant.put("headers", named);
    }
    if (expectedStatus != null) {
      variant.put("expected-status", expectedStatus);
    }
    variant.put("load", load);
    Map<String, Object> thresholds = new LinkedHashMap<>();
    if (maxP99 != null) {
      thresholds.put("max-p99", maxP99);
    }
    if (maxErrorRate != null) {
      thresholds.put("max-error-rate", maxErrorRate);
    }
    if (!thresholds.isEmpty()) {
      variant.put("thresholds", thresholds);
    }
    // Bodies differ from one answer to the next on most real endpoints: no determinism verdict.
    variant.put("determinism", Map.of("check", false));
    String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("name", "url");
    endpoint.put("path", path);
    endpoint.put("variants", List.of(variant));
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("name", "probe");
    plan.put("target", Map.of("base-url", target.getScheme() + "://" + target.getRawAuthority()));
    plan.put("endpoints", List.of(endpoint));
    return plan;
  }

  /** The open model's length for {@code requests} at {@code rate}. */
  private static String openDuration(String rate, long requests) {
    double perSecond;
    try {
      perSecond = io.cartographer.plan.Quantities.rate(rate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("probe: --rate " + e.getMessage());
    }
    return Math.max(1, Math.round(requests / perSecond * 1000)) + "ms";
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is the system's to clean.
    }
  }
}
