package io.cartographer.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cartographer.testing.Programs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s/monitoring}: it renders; promtool accepts its alerting rules; the ServiceMonitor
 * scrapes the service's port and path; and every {@code cartographer_*} series its rules and its
 * Grafana dashboard name is one that {@code RunMetrics} publishes. Rendering needs {@code kubectl},
 * the rules check {@code promtool}; each is skipped, saying so, without.
 */
class MonitoringManifestsTest {

  private static final Path DIR = Path.of("k8s", "monitoring");
  private static final Path RUN_METRICS = Path.of("src", "main", "java", "io", "cartographer", "api", "RunMetrics.java");
  private static final Pattern SERIES = Pattern.compile("cartographer_[a-z0-9_]+");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path tmp;

  private static List<JsonNode> rendered() throws Exception {
    Assumptions.assumeTrue(Programs.onPath("kubectl"), "kubectl is not installed: k8s/monitoring not rendered");
    Process kustomize = new ProcessBuilder("kubectl", "kustomize", DIR.toString()).redirectErrorStream(true).start();
    String out = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(kustomize.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, kustomize.exitValue(), out);
    List<JsonNode> objects = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(out)) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
    }
    return objects;
  }

  private static JsonNode kind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + DIR));
  }

  @Test
  void promtoolAcceptsTheAlertingRules() throws Exception {
    JsonNode rule = kind(rendered(), "PrometheusRule");
    Assumptions.assumeTrue(Programs.onPath("promtool"), "promtool is not installed (Debian package prometheus): rules not checked");
    Path rules = tmp.resolve("rules.yaml");
    new YAMLMapper().writeValue(rules.toFile(), rule.path("spec"));
    Process promtool = new ProcessBuilder("promtool", "check", "rules", rules.toString()).redirectErrorStream(true).start();
    String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(promtool.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, promtool.exitValue(), said);
    assertTrue(said.contains("SUCCESS: 5 rules found"), said);
  }

  @Test
  void theServiceMonitorScrapesTheServicesMetricsPort() throws Exception {
    List<JsonNode> objects = rendered();
    JsonNode endpoint = kind(objects, "ServiceMonitor").at("/spec/endpoints/0");
    assertEquals("http", endpoint.path("port").asText());
    assertEquals("/q/metrics", endpoint.path("path").asText());
    String service = Files.readString(Path.of("k8s", "overlays", "service", "service.yaml"));
    assertTrue(service.contains("- name: http"), "the service overlay names its port 'http'");
    JsonNode dashboard = kind(objects, "ConfigMap");
    assertEquals("1", dashboard.at("/metadata/labels/grafana_dashboard").asText(), "Grafana's sidecar finds it");
    new ObjectMapper().readTree(dashboard.at("/data/cartographer.json").asText());
  }

  @Test
  void everySeriesTheRulesAndTheDashboardNameIsPublished() throws Exception {
    String published = Files.readString(RUN_METRICS);
    Set<String> named = new TreeSet<>();
    for (Path file : List.of(DIR.resolve("prometheusrule.yaml"), DIR.resolve("grafana-dashboard.json"))) {
      Matcher m = SERIES.matcher(Files.readString(file));
      while (m.find()) {
        named.add(m.group());
      }
    }
    assertTrue(named.size() >= 10, named.toString());
    for (String series : named) {
      assertTrue(published.contains("\"" + series + "\""), series + " is not a series RunMetrics publishes");
    }
  }
}
