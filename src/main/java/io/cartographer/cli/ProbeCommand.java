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

/**
 * {@code probe URL [options]}: one URL probed without writing a plan, as hey or oha would. The
 * arguments become a one-variant plan in a temporary file, run like any other ({@code run
 * --plan}): the same engine, validation, table and exit codes. The passport is kept only with
 * {@code --passport-dir}; otherwise it goes to a temporary directory removed at exit.
 */
final class ProbeCommand {

  /** The {@code run} arguments the probe becomes, and whether its passport is kept. */
  record Translated(List<String> runArguments, boolean passportKept) {}

  private ProbeCommand() {}

  /**
   * The {@code run} arguments for {@code args} ({@code probe URL ...}), with the plan written to a
   * temporary file; temporary files are removed when the process exits.
   *
   * @throws IllegalArgumentException naming what is wrong with the arguments
   */
  static Translated translate(String... args) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("-")) {
        if (!VALUED.contains(a)) {
          throw new IllegalArgumentException("probe: unknown option '" + a + "'");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("probe: " + a + " needs a value");
        }
        options.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
      } else {
        positional.add(a);
      }
    }
    if (positional.size() != 1) {
      throw new IllegalArgumentException("probe takes one URL, got " + (positional.isEmpty() ? "none" : positional));
    }
    for (Map.Entry<String, List<String>> e : options.entrySet()) {
      if (e.getValue().size() > 1 && !e.getKey().equals("-H")) {
        throw new IllegalArgumentException("probe: " + e.getKey() + " given more than once");
      }
    }
    if (options.containsKey("-n") && options.containsKey("-d")) {
      throw new IllegalArgumentException("probe: -n and -d say the same thing twice: give one");
    }
    if (options.containsKey("-c") && options.containsKey("--rate")) {
      throw new IllegalArgumentException("probe: -c is the closed model's, --rate the open model's: give one");
    }
    for (String key : List.of("-d", "--timeout", "--max-p99")) {
      String value = one(options, key);
      if (value != null) {
        try {
          io.cartographer.plan.Quantities.duration(value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("probe: " + key + " " + e.getMessage());
        }
      }
    }
    String method = one(options, "--method");
    if (method != null && !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException("probe: --method takes one of " + METHODS + ", not '" + method + "'");
    }
    Map<String, Object> plan = plan(target(positional.get(0)), options);
    try {
      Path work = Files.createTempDirectory("cartographer-probe-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(work), "cartographer-probe-cleanup"));
      Path planFile = Files.writeString(work.resolve("probe.yaml"), YAML.writeValueAsString(plan));
      String passports = one(options, "--passport-dir");
      boolean kept = passports != null;
      List<String> run = new ArrayList<>(
          List.of("run", "--plan", planFile.toString(), "--passport-dir", kept ? passports : work.resolve("passports").toString()));
      if (options.containsKey("--report")) {
        run.addAll(List.of("--report", one(options, "--report")));
      }
      return new Translated(List.copyOf(run), kept);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the probe's plan could not be written as YAML", e);
    } catch (IOException e) {
      throw new UncheckedIOException("the probe's plan could not be written to a temporary file", e);
    }
  }

  private static final List<String> VALUED = List.of("-n", "-d", "-c", "--rate", "-H", "--method", "--expect",
      "--timeout", "--warmup", "--max-p99", "--max-error-rate", "--passport-dir", "--report");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** The URL as base URL, path and query; only http and https with a host. */
  private static URI target(String url) {
    URI uri = HttpUrl.parse("probe", url);
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("probe: '" + url + "' has a user:password or a #fragment; leave them out");
    }
    return uri;
  }

  private static Map<String, Object> plan(URI url, Map<String, List<String>> options) {
    Map<String, Object> load = new LinkedHashMap<>();
    String rate = one(options, "--rate");
    if (rate != null) {
      load.put("model", "open");
      load.put("rate", rate);
      load.put("duration", options.containsKey("-d") ? one(options, "-d") : openDuration(rate, one(options, "-n")));
      load.put("max-connections", 256);
    } else {
      load.put("model", "closed");
      load.put("concurrency", number(options, "-c", 10));
      if (options.containsKey("-d")) {
        load.put("duration", one(options, "-d"));
      } else {
        load.put("requests", number(options, "-n", 200));
      }
    }
    load.put("warmup", number(options, "--warmup", 20));
    load.put("timeout", options.containsKey("--timeout") ? one(options, "--timeout") : "2s");
    load.put("rounds", 1);
    Map<String, Object> variant = new LinkedHashMap<>();
    variant.put("name", "probe");
    variant.put("method", options.containsKey("--method") ? one(options, "--method").toUpperCase(Locale.ROOT) : "GET");
    if (url.getRawQuery() != null) {
      variant.put("query", url.getRawQuery());
    }
    if (options.containsKey("-H")) {
      Map<String, String> headers = new LinkedHashMap<>();
      for (String header : options.get("-H")) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException("probe: -H '" + header + "' is not 'Name: value'");
        }
        headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
      }
      variant.put("headers", headers);
    }
    if (options.containsKey("--expect")) {
      variant.put("expected-status", number(options, "--expect", 200));
    }
    variant.put("load", load);
    Map<String, Object> thresholds = new LinkedHashMap<>();
    if (options.containsKey("--max-p99")) {
      thresholds.put("max-p99", one(options, "--max-p99"));
    }
    if (options.containsKey("--max-error-rate")) {
      thresholds.put("max-error-rate", decimal(options, "--max-error-rate"));
    }
    if (!thresholds.isEmpty()) {
      variant.put("thresholds", thresholds);
    }
    // Bodies differ from one answer to the next on most real endpoints: no determinism verdict.
    variant.put("determinism", Map.of("check", false));
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("name", "url");
    endpoint.put("path", path);
    endpoint.put("variants", List.of(variant));
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("name", "probe");
    plan.put("target", Map.of("base-url", url.getScheme() + "://" + url.getRawAuthority()));
    plan.put("endpoints", List.of(endpoint));
    return plan;
  }

  /** The open model's length for {@code -n} requests at {@code rate} (default 200 requests). */
  private static String openDuration(String rate, String requests) {
    double perSecond;
    try {
      perSecond = io.cartographer.plan.Quantities.rate(rate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("probe: --rate " + e.getMessage());
    }
    long n = requests == null ? 200 : parseWhole("-n", requests);
    return Math.max(1, Math.round(n / perSecond * 1000)) + "ms";
  }

  private static String one(Map<String, List<String>> options, String key) {
    List<String> values = options.get(key);
    return values == null ? null : values.get(0);
  }

  private static long number(Map<String, List<String>> options, String key, long otherwise) {
    String value = one(options, key);
    return value == null ? otherwise : parseWhole(key, value);
  }

  private static long parseWhole(String key, String value) {
    if (!value.matches("[0-9]{1,10}")) {
      throw new IllegalArgumentException("probe: " + key + " takes a whole number, not '" + value + "'");
    }
    return Long.parseLong(value);
  }

  private static double decimal(Map<String, List<String>> options, String key) {
    String value = one(options, key);
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("probe: " + key + " takes a number, not '" + value + "'");
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is the system's to clean.
    }
  }
}
