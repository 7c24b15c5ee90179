package io.cartographer.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a plan from YAML or JSON and validates it in one pass, collecting every problem with its
 * field path ({@code endpoints[2].variants[0].load.concurrency: must be >= 1}). Unknown fields are
 * problems too. Plan-wide {@code defaults} apply to every variant; a variant's own value wins.
 */
public final class PlanLoader {

  /** What applies when neither the variant nor the plan's defaults say otherwise. */
  public static final LoadSettings BUILT_IN_LOAD =
      new LoadSettings(
          LoadModel.CLOSED,
          1,
          100L,
          null,
          10,
          Duration.ofSeconds(5),
          10L << 20,
          null,
          64,
          Duration.ofMillis(2),
          5);

  /** Any error fails a variant unless the plan allows some. */
  public static final Thresholds BUILT_IN_THRESHOLDS = new Thresholds(null, null, 0.0, null, null);

  static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofMillis(250);

  static final long MAX_PLAN_BYTES = 1L << 20;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final ObjectMapper yaml;
  private final ObjectMapper json;
  private final boolean readsLocalFiles;

  /** A loader for the operator's plans, which may name local files (a CA file). */
  public PlanLoader() {
    this(true);
  }

  /**
   * A loader for plans sent over the network: a local file such as {@code tls.ca-file} is a plan
   * problem, and the file system is never touched, so the answer cannot tell whether it exists.
   */
  public static PlanLoader forSentPlans() {
    return new PlanLoader(false);
  }

  private PlanLoader(boolean readsLocalFiles) {
    this.readsLocalFiles = readsLocalFiles;
    this.yaml = new ObjectMapper(new YAMLFactory());
    this.json = new ObjectMapper();
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    json.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** Loads a plan file; JSON when it ends in {@code .json}, YAML otherwise. */
  public Plan load(Path file) throws InvalidPlanException {
    String source = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw invalid(source, "is a directory, not a plan file");
      }
      if (Files.size(file) > MAX_PLAN_BYTES) {
        throw invalid(source, "is larger than " + MAX_PLAN_BYTES + " bytes");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return parse(text, source, file.toString().toLowerCase(Locale.ROOT).endsWith(".json"), null);
    } catch (NoSuchFileException e) {
      throw invalid(source, "no such file");
    } catch (IOException e) {
      throw invalid(source, "cannot be read: " + e.getMessage());
    }
  }

  /**
   * Parses and validates plan text.
   *
   * @param defaultBaseUrl used when the plan names no {@code target.base-url}; {@code null} makes
   *     it required
   */
  public Plan parse(String text, String source, boolean isJson, URI defaultBaseUrl)
      throws InvalidPlanException {
    JsonNode root;
    try {
      root = (isJson ? json : yaml).readTree(text);
    } catch (JsonProcessingException e) {
      // The parser's first line says what is wrong; the rest names its own input ("in 'reader'")
      // and repeats the location, given once below in the plan's lines and columns.
      String what = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst().orElse("");
      throw invalid(source, "is not valid " + (isJson ? "JSON" : "YAML") + ": " + what.strip() + location(e));
    }
    List<PlanProblem> problems = new ArrayList<>();
    Plan plan = read(PlanFields.root(root, problems), defaultBaseUrl, problems);
    if (!problems.isEmpty() || plan == null) {
      throw new InvalidPlanException(source, problems);
    }
    return plan;
  }

  private Plan read(PlanFields root, URI defaultBaseUrl, List<PlanProblem> problems) {
    if (root == null) {
      return null;
    }
    root.allowOnly("name", "target", "defaults", "endpoints");
    String name = name(root, "name");
    URI baseUrl = defaultBaseUrl;
    MetricsSource metrics = null;
    TargetConnection connection = TargetConnection.DEFAULT;
    PlanFields target = root.object("target", defaultBaseUrl == null);
    if (target != null) {
      target.allowOnly("base-url", "metrics", "tls", "http-version");
      String url = target.text("base-url", defaultBaseUrl == null);
      if (url != null) {
        baseUrl = baseUrl(target, "base-url", url);
      }
      PlanFields metricsNode = target.object("metrics", false);
      if (metricsNode != null && baseUrl != null) {
        metrics = metrics(metricsNode, baseUrl);
      }
      connection = connection(target);
    }
    VariantDefaults defaults = VariantDefaults.BUILT_IN;
    PlanFields defaultsNode = root.object("defaults", false);
    if (defaultsNode != null) {
      defaultsNode.allowOnly(
          "method", "headers", "expected-status", "load", "thresholds", "determinism", "regression");
      defaults = defaults.overriddenBy(defaultsNode);
    }
    List<Endpoint> endpoints = new ArrayList<>();
    List<PlanFields> endpointNodes = root.objects("endpoints", true);
    if (endpointNodes != null) {
      Set<String> seen = new HashSet<>();
      String basePath = baseUrl == null ? "" : baseUrl.getRawPath();
      for (PlanFields e : endpointNodes) {
        Endpoint endpoint = endpoint(e, defaults, basePath, connection.httpVersion());
        if (endpoint != null && !seen.add(endpoint.name())) {
          e.problem("name", "duplicate endpoint name '" + endpoint.name() + "'");
        }
        if (endpoint != null) {
          endpoints.add(endpoint);
        }
      }
    }
    if (!problems.isEmpty() || name == null || baseUrl == null) {
      return null;
    }
    return new Plan(
        name,
        baseUrl,
        metrics,
        endpoints,
        defaults.thresholds(),
        digest(name, baseUrl, metrics, connection.httpVersion(), endpoints),
        connection);
  }

  private TargetConnection connection(PlanFields target) {
    HttpProtocol version = HttpProtocol.HTTP_1_1;
    String text = target.scalar("http-version");
    if (text != null) {
      version = HttpProtocol.of(text);
      if (version == null) {
        target.problem("http-version", "'" + text + "' is not an HTTP version the probe speaks (use \"1.1\" or \"2\")");
      }
    }
    PlanFields tls = target.object("tls", false);
    return new TargetConnection(tls == null ? TlsSettings.DEFAULT : tls(tls), version);
  }

  private TlsSettings tls(PlanFields node) {
    node.allowOnly("trust-all", "ca-file");
    boolean trustAll = Boolean.TRUE.equals(node.bool("trust-all"));
    String text = node.text("ca-file", false);
    Path caFile = text == null ? null : caFile(node, "ca-file", text);
    if (trustAll && text != null) {
      node.problemHere("set either trust-all or ca-file, not both (trust-all skips the certificate check a CA file is for)");
      return TlsSettings.DEFAULT;
    }
    return new TlsSettings(trustAll, caFile);
  }

  /**
   * Reads a CA file when the plan is loaded, so that a wrong path or a file of something else fails
   * the plan instead of every request of the run.
   */
  private Path caFile(PlanFields node, String key, String text) {
    if (!readsLocalFiles) {
      node.problem(key, "a plan sent over the network may not name a local file");
      return null;
    }
    Path path;
    try {
      path = Path.of(text).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      node.problem(key, "'" + text + "' is not a file path: " + e.getReason());
      return null;
    }
    String named = "'" + text + "'" + (Path.of(text).isAbsolute() ? "" : " (" + path + ")");
    try {
      if (!Files.exists(path)) {
        node.problem(key, named + " does not exist");
      } else if (!Files.isRegularFile(path)) {
        node.problem(key, named + " is not a file");
      } else if (!Files.isReadable(path)) {
        node.problem(key, named + " cannot be read");
      } else if (Files.size(path) > MAX_PLAN_BYTES) {
        node.problem(key, named + " is larger than " + MAX_PLAN_BYTES + " bytes");
      } else {
        byte[] pem = Files.readAllBytes(path);
        if (!new String(pem, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
          node.problem(key, named + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
          return null;
        }
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        return path;
      }
    } catch (IOException e) {
      node.problem(key, named + " cannot be read: " + e.getMessage());
    } catch (CertificateException e) {
      node.problem(key, named + " is not a valid PEM certificate file: " + e.getMessage());
    }
    return null;
  }

  private Endpoint endpoint(
      PlanFields e, VariantDefaults defaults, String basePath, HttpProtocol httpVersion) {
    e.allowOnly("name", "path", "variants");
    String name = name(e, "name");
    String path = path(e, "path", true);
    List<PlanFields> variantNodes = e.objects("variants", true);
    if (variantNodes == null) {
      return null;
    }
    List<Variant> variants = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (PlanFields v : variantNodes) {
      // A bad name or path of the endpoint does not hide its variants' problems: they are checked
      // as if under a valid one, and the endpoint is left out below.
      Variant variant = variant(v, name == null ? "endpoint" : name, basePath, path == null ? "/" : path, defaults,
          httpVersion);
      if (variant != null && !seen.add(variant.name())) {
        v.problem("name", "duplicate variant name '" + variant.name() + "' in endpoint '" + name + "'");
      }
      if (variant != null) {
        variants.add(variant);
      }
    }
    return name == null || path == null ? null : new Endpoint(name, path, variants);
  }

  private Variant variant(
      PlanFields v,
      String endpoint,
      String basePath,
      String endpointPath,
      VariantDefaults defaults,
      HttpProtocol httpVersion) {
    v.allowOnly(
        "name", "family", "method", "path", "query", "headers", "body", "expected-status", "load",
        "thresholds", "determinism", "regression");
    String name = name(v, "name");
    String family = v.text("family", false);
    if (family != null && !NAME.matcher(family).matches()) {
      v.problem("family", "must be a short label of letters, digits, '.', '_' or '-'");
    }
    String ownPath = path(v, "path", false);
    String query = v.text("query", false);
    if (query != null && (query.startsWith("?") || !isVisibleAscii(query) || query.contains("#"))) {
      v.problem("query", "must be printable ASCII without spaces, '#' or a leading '?'");
      query = null;
    }
    VariantDefaults merged = defaults.overriddenBy(v);
    String body = v.has("body") ? v.text("body", false) : null;
    LoadSettings load = roundsChecked(v, openModelChecked(v, merged.load()));
    if (name == null || merged == null || load == null) {
      return null;
    }
    String target =
        basePath + (ownPath != null ? ownPath : endpointPath) + (query != null ? "?" + query : "");
    return new Variant(
        endpoint,
        name,
        family != null ? family : "basic",
        merged.method(),
        target,
        merged.headers(),
        body,
        merged.expectedStatus(),
        load,
        merged.thresholds(),
        merged.determinism(),
        merged.tolerances(),
        httpVersion);
  }

  /**
   * The open model needs a rate and a duration; a request count inherited from the defaults does
   * not apply to it.
   */
  private static LoadSettings openModelChecked(PlanFields variant, LoadSettings load) {
    if (load.model() != LoadModel.OPEN) {
      return load;
    }
    if (load.searchesCapacity()) {
      return load;
    }
    if (java.util.stream.Stream.of("from", "to", "step", "precision").anyMatch(k -> variant.reported("load." + k))) {
      // a capacity model whose settings did not parse: reported; the open model's own do not apply
      return null;
    }
    if (load.staged()) {
      if (load.intendedRequests() < 1) {
        variant.problem("load.stages", "the stages schedule no request; raise a target or a duration");
        return null;
      }
      return load;
    }
    if (variant.has("load") && variant.object("load", false).has("stages")) {
      // stages that did not parse are reported; the open model's own length does not apply
      return null;
    }
    if (load.rate() == null && !variant.reported("load.rate")) {
      variant.problem("load.rate", "is required by the open model (e.g. 100/s)");
    }
    if (load.duration() == null && !variant.reported("load.duration")) {
      variant.problem("load.duration", "is required by the open model (it runs for a duration, not a count)");
    }
    if (load.rate() != null && load.duration() != null && load.intendedRequests() < 1) {
      variant.problem("load", "rate × duration schedules no request; raise the rate or the duration");
      return null;
    }
    return load.rate() != null && load.duration() != null
        ? new LoadSettings(
            load.model(), load.concurrency(), null, load.duration(), load.warmup(), load.timeout(),
            load.maxBodyBytes(), load.rate(), load.maxConnections(), load.lateTolerance(), load.rounds())
        : null;
  }

  /** Every round needs at least one request of its own. */
  private static LoadSettings roundsChecked(PlanFields variant, LoadSettings load) {
    if (load == null || load.searchesCapacity()) {
      return load;
    }
    long requests = load.model() == LoadModel.OPEN ? load.intendedRequests() : load.requests() == null ? Long.MAX_VALUE : load.requests();
    if (requests < load.rounds()) {
      variant.problem("load.rounds", load.rounds() + " rounds need at least as many requests, the variant has " + requests);
      return null;
    }
    return load;
  }

  private static MetricsSource metrics(PlanFields node, URI baseUrl) {
    node.allowOnly("url", "series", "interval", "efficiency");
    Map<String, String> efficiency = efficiencySeries(node);
    String url = node.text("url", true);
    String series = node.text("series", false);
    Duration interval = node.duration("interval", Duration.ofMillis(10), Duration.ofMinutes(1));
    URI resolved = null;
    if (url != null) {
      if (url.startsWith("/")) {
        if (isVisibleAscii(url) && !url.contains("#")) {
          try {
            resolved = new URI(baseUrl + url);
          } catch (java.net.URISyntaxException e) {
            node.problem("url", "is not a valid URL path: " + e.getReason() + " at index " + (e.getIndex() - baseUrl.toString().length()));
          }
        } else {
          node.problem("url", "must be printable ASCII without spaces or '#'");
        }
      } else {
        URI absolute = baseUrl(node, "url", url);
        resolved = absolute;
      }
    }
    if (series != null) {
      try {
        io.cartographer.memory.SeriesSelector.parse(series);
      } catch (IllegalArgumentException e) {
        node.problem("series", e.getMessage());
        series = null;
      }
    }
    if (resolved == null || (node.has("series") && series == null)) {
      return null;
    }
    return new MetricsSource(
        resolved,
        series != null ? series : "process_resident_memory_bytes",
        interval != null ? interval : DEFAULT_SAMPLE_INTERVAL,
        efficiency);
  }

  /** {@code efficiency: {cpu: my_cpu_seconds_total, ...}}: metric names, without labels. */
  private static Map<String, String> efficiencySeries(PlanFields node) {
    Map<String, String> named = new java.util.LinkedHashMap<>();
    PlanFields figures = node.object("efficiency", false);
    if (figures == null) {
      return named;
    }
    figures.allowOnly(MetricsSource.EFFICIENCY_FIGURES.toArray(String[]::new));
    for (String figure : MetricsSource.EFFICIENCY_FIGURES) {
      String name = figures.text(figure, false);
      if (name == null) {
        continue;
      }
      try {
        if (!io.cartographer.memory.SeriesSelector.parse(name).labels().isEmpty()) {
          figures.problem(figure, "is a metric name, summed over its labels: leave the labels out");
          continue;
        }
        named.put(figure, name);
      } catch (IllegalArgumentException e) {
        figures.problem(figure, e.getMessage());
      }
    }
    return named;
  }

  private static String name(PlanFields fields, String key) {
    String name = fields.text(key, true);
    if (name != null && !NAME.matcher(name).matches()) {
      fields.problem(key, "'" + name + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
      return null;
    }
    return name;
  }

  private static String path(PlanFields fields, String key, boolean required) {
    String path = fields.text(key, required);
    if (path == null) {
      return null;
    }
    if (!path.startsWith("/") || !isVisibleAscii(path) || path.contains("?") || path.contains("#")) {
      fields.problem(key, "must start with '/' and be printable ASCII without spaces, '?' or '#' (put the query in 'query')");
      return null;
    }
    return path;
  }

  private static URI baseUrl(PlanFields target, String key, String text) {
    if (!text.contains("://")) {
      target.problem(key, "must be an http:// or https:// URL, found '" + text + "'");
      return null;
    }
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        target.problem(key, "must be an http:// or https:// URL, found '" + text + "'");
      } else if (uri.getHost() == null) {
        target.problem(key, "has no host: '" + text + "'");
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        target.problem(key, "must not have a query or fragment (put them in the variants)");
      } else if (uri.getRawUserInfo() != null) {
        target.problem(key, "must not carry credentials; send them as headers");
      } else if (uri.getPort() == 0 || uri.getPort() > 65535) {
        target.problem(key, "port must be 1-65535");
      } else {
        return uri;
      }
    } catch (URISyntaxException e) {
      target.problem(key, "is not a URL: " + e.getMessage());
    }
    return null;
  }

  static boolean isVisibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  static Map<String, String> headers(PlanFields fields) {
    Map<String, String> headers = new LinkedHashMap<>();
    fields
        .textMap("headers")
        .forEach(
            (k, v) -> {
              if (!HEADER_NAME.matcher(k).matches()) {
                fields.problem("headers", "'" + k + "' is not a valid header name");
              } else if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                fields.problem("headers." + k, "must not contain line breaks");
              } else {
                headers.put(k, v);
              }
            });
    return headers;
  }

  static String method(PlanFields fields) {
    String method = fields.text("method", false);
    if (method != null && !METHODS.contains(method)) {
      fields.problem("method", "'" + method + "' is not one of " + new java.util.TreeSet<>(METHODS));
      return null;
    }
    return method;
  }

  private static String digest(
      String name, URI baseUrl, MetricsSource metrics, HttpProtocol version, List<Endpoint> endpoints) {
    MessageDigest sha = Sha256.digest();
    sha.update((name + "\n" + baseUrl + "\n" + metrics + "\n").getBytes(StandardCharsets.UTF_8));
    if (version != HttpProtocol.HTTP_1_1) {
      // Mixed in only when set, so that the digests of HTTP/1.1 plans stay what they were.
      sha.update(("http-version " + version.label() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Endpoint e : endpoints) {
      for (Variant v : e.variants()) {
        sha.update(v.definition().getBytes(StandardCharsets.UTF_8));
        sha.update(new byte[] {0});
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  private static InvalidPlanException invalid(String source, String message) {
    return new InvalidPlanException(source, List.of(new PlanProblem("(plan)", message)));
  }
}
