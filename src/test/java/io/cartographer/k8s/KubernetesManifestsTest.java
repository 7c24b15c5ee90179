package io.cartographer.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cartographer.cli.CartographerMain;
import io.cartographer.config.CartographerConfig;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.plan.LoadModel;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Plan;
import io.cartographer.plan.PlanLoader;
import io.cartographer.plan.Variant;
import io.cartographer.testing.Programs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every kustomize overlay under {@code k8s/} with {@code kubectl kustomize}, reads every
 * object strictly into the Kubernetes API model ({@link StrictManifests}), and checks the manifests
 * against the application they deploy: the port and health paths Quarkus serves, the plan file
 * {@code cartographer.plan} names, the directory {@code cartographer.passport-dir} names, the
 * arguments the real CLI parser accepts, and a non-root pod with a read-only root filesystem.
 *
 * <p>Needs {@code kubectl} on the PATH (skipped with that reason otherwise); the trigger script's
 * own test also needs {@code sh} and {@code curl}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

  private static final Path K8S = Path.of(System.getProperty("basedir", "")).resolve("k8s");
  private static final Duration RENDER_TIMEOUT = Duration.ofSeconds(60);

  /** The overlay that defines what another one uses without defining it itself. */
  private static final Map<String, String> PREREQUISITE = Map.of("distributed-merge", "distributed");

  private static final String PLAN_CONFIG_MAP = "cartographer-plan";
  private static final String PLAN_KEY = "plan.yaml";
  private static final String PASSPORT_CLAIM = "cartographer-passports";
  private static final String PROBE_CONTAINER = "cartographer";
  private static final String TRIGGER_CONTAINER = "trigger";
  private static final String SERVICE_NAME = "cartographer";
  private static final long RUN_AS_USER = 185;

  /** The JVM probe's RSS after the 20-variant demo plan on 2 cores (README, "Kubernetes"). */
  private static final long MEASURED_RSS_BYTES = 230_000_000L;
  /** Room outside the heap: metaspace, code cache, thread stacks, Netty's direct buffers. */
  private static final long NON_HEAP_BYTES = 256L << 20;
  /** The JVM starts in 2-3 s; a deadline allows this much for it (and a slow node). */
  private static final Duration STARTUP_ALLOWANCE = Duration.ofSeconds(60);
  /** Timeout of one reading of the target's metrics (README, "How it measures"). */
  private static final Duration METRICS_READ_TIMEOUT = Duration.ofSeconds(2);

  private final Map<String, List<HasMetadata>> rendered = new HashMap<>();
  private final Application app = Application.load();

  static Stream<String> overlays() throws IOException {
    try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyExpectedOverlayExists() throws IOException {
    assertEquals(
        List.of("cronjob", "cronjob-trigger", "distributed", "distributed-merge", "service"),
        overlays().toList());
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void overlayRendersIntoKnownKindsWithKnownFieldsOnly(String overlay) {
    assertFalse(objects(overlay).isEmpty(), overlay + " renders no object");
  }

  @Test
  void strictReadingRejectsUnknownFieldsKindsAndCoercedScalars() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: typo}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: c
                  image: i
                  securityContex: {readOnlyRootFilesystem: true}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: number, annotations: {prometheus.io/port: 8080}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: unmapped}
        """;
    List<String> problems = StrictManifests.parse(yaml).problems();
    assertEquals(3, problems.size(), problems::toString);
    assertTrue(problems.get(0).contains("spec.template.spec.containers[0].securityContex: unknown field"), problems.get(0));
    assertTrue(problems.get(1).contains("metadata.annotations.prometheus.io/port"), problems.get(1));
    assertTrue(problems.get(2).contains("Ingress unmapped): kind not mapped"), problems.get(2));
  }

  @Test
  void serviceProbesAndPortsAreTheApplications() {
    Deployment deployment = only(objects("service"), Deployment.class);
    assertEquals(1, deployment.getSpec().getReplicas(), "one runner");
    assertEquals("Recreate", deployment.getSpec().getStrategy().getType(), "never two pods at once");
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    Container c = container(template.getSpec(), PROBE_CONTAINER);

    ContainerPort http = c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no container port named http"));
    assertEquals(app.port(), http.getContainerPort());
    assertEquals(String.valueOf(app.port()), env(c, "QUARKUS_HTTP_PORT"));

    assertProbe(c, c.getLivenessProbe(), "liveness", app.livenessPath());
    assertProbe(c, c.getReadinessProbe(), "readiness", app.readinessPath());
    assertProbe(c, c.getStartupProbe(), "startup", app.livenessPath());
    Probe startup = c.getStartupProbe();
    assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 30,
        "a JVM start (2-3 s) needs a startup probe that waits well beyond it");

    Map<String, String> annotations = template.getMetadata().getAnnotations();
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals(String.valueOf(app.port()), annotations.get("prometheus.io/port"));
    assertEquals(app.metricsPath(), annotations.get("prometheus.io/path"));

    Service service = named(objects("service"), Service.class, SERVICE_NAME);
    ServicePort servicePort = only(service.getSpec().getPorts());
    assertEquals("http", servicePort.getName());
    assertEquals(app.port(), containerPort(c, servicePort.getTargetPort()));
    Map<String, String> podLabels = template.getMetadata().getLabels();
    service.getSpec().getSelector().forEach((k, v) ->
        assertEquals(v, podLabels.get(k), "Service selector " + k + " does not match the pod"));
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void planConfigMapIsTheFileCartographerPlanNames(String overlay) throws IOException {
    ConfigMap plans = named(withPrerequisite(overlay), ConfigMap.class, PLAN_CONFIG_MAP);
    String planText = plans.getData().get(PLAN_KEY);
    assertNotNull(planText, PLAN_CONFIG_MAP + " has no key " + PLAN_KEY + ": " + plans.getData().keySet());
    assertEquals(Files.readString(K8S.resolve("base").resolve(PLAN_KEY)), planText);
    loadPlan(planText);

    for (Pod pod : probePods(overlay)) {
      Volume volume = volume(pod, v -> v.getConfigMap() != null && PLAN_CONFIG_MAP.equals(v.getConfigMap().getName()));
      assertTrue(none(volume.getConfigMap().getItems()), pod + ": items would rename or drop the ConfigMap's keys");
      VolumeMount mount = mount(pod, volume.getName());
      assertEquals(Boolean.TRUE, mount.getReadOnly(), pod + ": the plan mount is read-only");
      assertNull(mount.getSubPath(), pod + ": a subPath mount is never refreshed when the plan changes");
      assertEquals(mount.getMountPath() + "/" + PLAN_KEY, env(pod.probe(), app.planEnv()), pod.toString());
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void passportVolumeIsMountedAtCartographerPassportDir(String overlay) {
    named(withPrerequisite(overlay), PersistentVolumeClaim.class, PASSPORT_CLAIM);
    for (Pod pod : probePods(overlay)) {
      Volume volume = volume(pod, v -> v.getPersistentVolumeClaim() != null
          && PASSPORT_CLAIM.equals(v.getPersistentVolumeClaim().getClaimName()));
      VolumeMount mount = mount(pod, volume.getName());
      assertNotEquals(Boolean.TRUE, mount.getReadOnly(), pod + ": passports are written here");
      assertEquals(mount.getMountPath(), env(pod.probe(), app.passportDirEnv()), pod.toString());
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void containerArgumentsParseWithTheRealCli(String overlay) {
    for (Pod pod : probePods(overlay)) {
      Container c = pod.probe();
      assertTrue(none(c.getCommand()), pod + ": the image's entry point starts the jar; only args change");
      List<String> args = c.getArgs() == null ? List.of() : c.getArgs();
      try {
        CartographerMain.checkArguments(args.toArray(String[]::new));
      } catch (IllegalArgumentException e) {
        fail(pod + ": args " + args + " are refused by the CLI: " + e.getMessage());
      }
      String expected = switch (pod.owner().getKind()) {
        case "Deployment" -> null;
        case "CronJob" -> "run";
        default -> isIndexed(pod) ? "run" : "merge";
      };
      assertEquals(expected, args.isEmpty() ? null : args.get(0), pod + ": command");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyPodRunsAsNonRootWithAReadOnlyRootFilesystem(String overlay) {
    for (Pod pod : pods(overlay)) {
      PodSpec spec = pod.spec();
      assertEquals(Boolean.FALSE, spec.getAutomountServiceAccountToken(), pod + ": no service-account token");
      assertEquals(Boolean.FALSE, spec.getEnableServiceLinks(),
          pod + ": service links would put CARTOGRAPHER_* variables in the cartographer.* config namespace");
      assertNotEquals(Boolean.TRUE, spec.getHostNetwork(), pod.toString());
      assertNotEquals(Boolean.TRUE, spec.getHostPID(), pod.toString());
      PodSecurityContext podContext = spec.getSecurityContext();
      assertNotNull(podContext, pod + ": no pod security context");
      assertEquals(Boolean.TRUE, podContext.getRunAsNonRoot(), pod.toString());
      assertEquals(RUN_AS_USER, podContext.getRunAsUser(), pod.toString());
      assertEquals("RuntimeDefault", podContext.getSeccompProfile().getType(), pod.toString());
      for (Container c : spec.getContainers()) {
        SecurityContext sc = c.getSecurityContext();
        String where = pod + " container " + c.getName();
        assertNotNull(sc, where + ": no security context");
        Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
        assertEquals(Boolean.TRUE, nonRoot, where);
        Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : podContext.getRunAsUser();
        assertEquals(RUN_AS_USER, user, where);
        assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where);
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where);
        assertNotEquals(Boolean.TRUE, sc.getPrivileged(), where);
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), where);
        assertTrue(none(sc.getCapabilities().getAdd()), where + ": added capabilities");
      }
      assertTrue(none(spec.getInitContainers()), pod + ": init containers");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void onlyThePassportVolumeAndTmpAreWritable(String overlay) {
    for (Pod pod : pods(overlay)) {
      for (Volume v : volumes(pod)) {
        assertNull(v.getHostPath(), pod + ": hostPath volume " + v.getName());
      }
      for (Container c : pod.spec().getContainers()) {
        List<VolumeMount> mounts = c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
        for (VolumeMount m : mounts) {
          if (Boolean.TRUE.equals(m.getReadOnly())) {
            continue;
          }
          Volume v = volumeNamed(pod, m.getName());
          boolean passports = v.getPersistentVolumeClaim() != null
              && PASSPORT_CLAIM.equals(v.getPersistentVolumeClaim().getClaimName());
          boolean tmp = v.getEmptyDir() != null && "/tmp".equals(m.getMountPath());
          assertTrue(passports || tmp,
              pod + " container " + c.getName() + ": " + m.getMountPath() + " is writable");
        }
      }
      if (pod.hasProbe()) {
        VolumeMount tmp = pod.probe().getVolumeMounts().stream()
            .filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
            .orElseThrow(() -> new AssertionError(pod + ": the JVM needs a writable /tmp"));
        assertNotNull(volumeNamed(pod, tmp.getName()).getEmptyDir(), pod + ": /tmp is an emptyDir");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void cronJobsRunOneAtATimeAndNeverRetryAVerdict(String overlay) {
    for (CronJob cron : ofKind(objects(overlay), CronJob.class)) {
      String where = overlay + ": CronJob " + cron.getMetadata().getName();
      assertEquals("Forbid", cron.getSpec().getConcurrencyPolicy(), where);
      assertNotNull(cron.getSpec().getSuccessfulJobsHistoryLimit(), where + ": history limit");
      assertNotNull(cron.getSpec().getFailedJobsHistoryLimit(), where + ": history limit");
      JobSpec job = cron.getSpec().getJobTemplate().getSpec();
      assertEquals("Never", job.getTemplate().getSpec().getRestartPolicy(), where);
      assertNotNull(job.getActiveDeadlineSeconds(), where + ": activeDeadlineSeconds");
      assertNotNull(job.getBackoffLimit(), where + ": backoffLimit defaults to 6");
      assertTrue(job.getBackoffLimit() <= 1, where + ": backoffLimit " + job.getBackoffLimit());
      if (job.getBackoffLimit() > 0) {
        assertTrue(failsAtOnceOn(job, List.of(1, 2)),
            where + ": a retry is allowed, so exit codes 1 and 2 (a verdict) must fail the Job at once");
        for (int retried : List.of(3, 4)) {
          assertFalse(failsAtOnceOn(job, List.of(retried)),
              where + ": exit " + retried + " (target unreachable, probe failed) is worth the one retry");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void deadlinesCoverThePlansWorstCase(String overlay) throws IOException {
    Duration worst = worstCase(loadPlan(Files.readString(K8S.resolve("base").resolve(PLAN_KEY))));
    for (Pod pod : pods(overlay)) {
      JobSpec job = jobSpec(pod);
      if (job == null) {
        continue;
      }
      assertNotNull(job.getActiveDeadlineSeconds(), pod + ": activeDeadlineSeconds");
      Duration deadline = Duration.ofSeconds(job.getActiveDeadlineSeconds());
      if (pod.hasTrigger()) {
        Duration wait = Duration.ofSeconds(Long.parseLong(env(pod.trigger(), "RUN_TIMEOUT_SECONDS")));
        assertTrue(wait.compareTo(worst.minus(STARTUP_ALLOWANCE)) >= 0,
            pod + ": waits " + wait + " for a run that can take " + worst.minus(STARTUP_ALLOWANCE));
        assertTrue(deadline.compareTo(wait) > 0, pod + ": the Job's deadline ends the wait early");
      } else if (!"merge".equals(firstArg(pod.probe()))) {
        assertTrue(deadline.compareTo(worst) >= 0,
            pod + ": deadline " + deadline + " is shorter than the plan's worst case " + worst);
      }
    }
  }

  @Test
  void indexedJobRunsOneShardPerCompletion() {
    Job job = ofKind(objects("distributed"), Job.class).stream()
        .filter(j -> "Indexed".equals(j.getSpec().getCompletionMode())).findFirst()
        .orElseThrow(() -> new AssertionError("no Indexed Job in the distributed overlay"));
    JobSpec spec = job.getSpec();
    Container c = container(spec.getTemplate().getSpec(), PROBE_CONTAINER);
    int shards = Integer.parseInt(env(c, "JOB_COMPLETIONS"));
    assertTrue(shards > 1, "a distributed run has more than one shard");
    assertEquals(shards, spec.getCompletions(), "completions == JOB_COMPLETIONS");
    assertEquals(shards, spec.getParallelism(), "parallelism == completions: shards run together");
    assertEquals("Never", spec.getTemplate().getSpec().getRestartPolicy());
    Integer retries = spec.getBackoffLimitPerIndex() != null ? spec.getBackoffLimitPerIndex() : spec.getBackoffLimit();
    assertNotNull(retries, "backoffLimitPerIndex or backoffLimit");
    assertTrue(retries <= 1, "a shard is retried " + retries + " times");
    EnvVar runId = c.getEnv().stream().filter(e -> "CARTOGRAPHER_RUN_ID".equals(e.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no CARTOGRAPHER_RUN_ID"));
    assertEquals("metadata.labels['batch.kubernetes.io/controller-uid']",
        runId.getValueFrom().getFieldRef().getFieldPath(), "every shard shares the Job's uid as run id");
    assertEquals(List.of("run"), c.getArgs());
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void sharedPassportVolumeIsReadWriteManyOnlyForDistributedRuns(String overlay) {
    for (PersistentVolumeClaim claim : ofKind(objects(overlay), PersistentVolumeClaim.class)) {
      List<String> expected = overlay.startsWith("distributed") ? List.of("ReadWriteMany") : List.of("ReadWriteOnce");
      assertEquals(expected, claim.getSpec().getAccessModes(), overlay + ": " + claim.getMetadata().getName());
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void demoTargetIsOffEverywhere(String overlay) {
    for (Pod pod : probePods(overlay)) {
      assertEquals("false", env(pod.probe(), app.demoEnv()), pod.toString());
    }
  }

  @Test
  void everyOverlayRunsTheSameImageAndNoMovingTag() throws IOException {
    List<String> images = new ArrayList<>();
    for (String overlay : overlays().toList()) {
      for (Pod pod : pods(overlay)) {
        for (Container c : pod.spec().getContainers()) {
          assertTrue(PROBE_CONTAINER.equals(c.getName()) || TRIGGER_CONTAINER.equals(c.getName()),
              pod + ": unexpected container " + c.getName());
          String tag = c.getImage().substring(c.getImage().lastIndexOf('/') + 1);
          assertTrue(tag.contains(":") && !tag.endsWith(":latest"), pod + ": image " + c.getImage() + " is not pinned");
          if (PROBE_CONTAINER.equals(c.getName())) {
            images.add(c.getImage());
          }
        }
      }
    }
    assertEquals(1, images.stream().distinct().count(), "overlays disagree on the image: " + images);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void resourcesAreSetAndLeaveRoomBesideTheHeap(String overlay) {
    Pattern ratio = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");
    for (Pod pod : pods(overlay)) {
      for (Container c : pod.spec().getContainers()) {
        String where = pod + " container " + c.getName();
        var resources = c.getResources();
        assertNotNull(resources, where);
        for (String r : List.of("cpu", "memory")) {
          assertNotNull(resources.getRequests().get(r), where + ": no " + r + " request");
          assertNotNull(resources.getLimits().get(r), where + ": no " + r + " limit");
        }
      }
      if (pod.hasProbe()) {
        Container c = pod.probe();
        long limit = bytes(c.getResources().getLimits().get("memory"));
        long request = bytes(c.getResources().getRequests().get("memory"));
        assertTrue(request >= MEASURED_RSS_BYTES, pod + ": memory request below the measured RSS");
        Matcher m = ratio.matcher(env(c, "JAVA_OPTS_APPEND"));
        assertTrue(m.find(), pod + ": JAVA_OPTS_APPEND sets no -XX:MaxRAMPercentage");
        double heap = limit * Double.parseDouble(m.group(1)) / 100;
        assertTrue(limit - heap >= NON_HEAP_BYTES,
            pod + ": the heap leaves " + (long) (limit - heap) + " bytes of the limit for the rest of the JVM");
      }
    }
  }

  private static final String TRIGGER_TOKEN = "t0ken-from-the-secret";

  @Test
  void theApiTokenComesFromOneSecretForTheServiceAndItsTrigger() {
    Container service = container(
        only(objects("service"), Deployment.class).getSpec().getTemplate().getSpec(), PROBE_CONTAINER);
    Pod trigger = pods("cronjob-trigger").stream().filter(Pod::hasTrigger).findFirst().orElseThrow();
    for (Container c : List.of(service, trigger.trigger())) {
      List<EnvVar> token = c.getEnv().stream().filter(e -> e.getName().equals("CARTOGRAPHER_API_TOKEN")).toList();
      assertEquals(1, token.size(), c.getName() + " sets CARTOGRAPHER_API_TOKEN once");
      assertNull(token.get(0).getValue(), c.getName() + ": the token is never a literal in a manifest");
      var ref = token.get(0).getValueFrom().getSecretKeyRef();
      assertEquals("cartographer-api-token", ref.getName(), c.getName());
      assertEquals("token", ref.getKey(), c.getName());
      assertTrue(ref.getOptional() == null || !ref.getOptional(), c.getName() + ": a missing Secret stops the pod");
    }
    assertEquals("CARTOGRAPHER_API_TOKEN", Application.envName(Application.configProperty("api", "token")),
        "the application reads the token from this variable");
    assertTrue(triggerScript(trigger.trigger()).contains("Authorization: Bearer ${CARTOGRAPHER_API_TOKEN"),
        "the trigger sends the token");
  }

  @Test
  void triggerPostsRunToTheServiceAndPollsRuns() {
    List<HasMetadata> objects = objects("cronjob-trigger");
    Pod pod = pods("cronjob-trigger").stream().filter(Pod::hasTrigger).findFirst()
        .orElseThrow(() -> new AssertionError("no trigger container"));
    String script = triggerScript(pod.trigger());
    assertTrue(script.contains("/run\""), "the script POSTs /run");
    assertTrue(script.contains("/runs/"), "the script polls /runs/{id}");
    URI url = URI.create(env(pod.trigger(), "CARTOGRAPHER_URL"));
    Service service = named(objects, Service.class, url.getHost());
    assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == url.getPort()),
        "the Service " + url.getHost() + " has no port " + url.getPort());
    Deployment deployment = only(objects, Deployment.class);
    assertEquals(app.port(), containerPort(container(deployment.getSpec().getTemplate().getSpec(), PROBE_CONTAINER),
        only(service.getSpec().getPorts()).getTargetPort()));
  }

  @ParameterizedTest
  @CsvSource({
    "PASS,        0",
    "FAIL,        1",
    "FAILED_RUN,  1",
    "IN_PROGRESS, 1",
    "BAD_TOKEN,   1",
  })
  void triggerSucceedsOnlyForADonePassingRun(String outcome, int expectedExit) throws Exception {
    Assumptions.assumeTrue(Programs.onPath("sh") && Programs.onPath("curl"), "sh or curl is not installed: trigger script not run");
    Pod pod = pods("cronjob-trigger").stream().filter(Pod::hasTrigger).findFirst().orElseThrow();
    String script = triggerScript(pod.trigger());
    AtomicInteger polls = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/run", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer " + TRIGGER_TOKEN).equals(auth) || "BAD_TOKEN".equals(outcome)) {
        respond(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}");
      } else if ("IN_PROGRESS".equals(outcome)) {
        respond(exchange, 409, "{\"title\":\"Run in progress\",\"status\":409,\"running_id\":\"0badcafe\"}");
      } else {
        respond(exchange, 202, status("running", null));
      }
    });
    server.createContext("/runs/0000abcd", exchange -> {
      if (polls.incrementAndGet() < 2) {
        respond(exchange, 200, status("running", null));
      } else {
        respond(exchange, 200, switch (outcome) {
          case "PASS" -> status("done", "PASS");
          case "FAIL" -> status("done", "FAIL");
          default -> status("failed", null);
        });
      }
    });
    server.start();
    try {
      ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
      builder.environment().put("CARTOGRAPHER_URL", "http://127.0.0.1:" + server.getAddress().getPort());
      builder.environment().put("POLL_SECONDS", "0");
      builder.environment().put("RUN_TIMEOUT_SECONDS", "30");
      builder.environment().put("CARTOGRAPHER_API_TOKEN", TRIGGER_TOKEN);
      Process process = builder.start();
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the trigger script did not end");
      String log = output.get(10, TimeUnit.SECONDS);
      assertEquals(expectedExit, process.exitValue(), outcome + ":\n" + log);
      if ("BAD_TOKEN".equals(outcome)) {
        assertTrue(log.contains("refused the token in Secret cartographer-api-token (401)"), log);
      }
      if ("IN_PROGRESS".equals(outcome)) {
        assertTrue(log.contains("another run is in progress (run 0badcafe)"), log);
        assertEquals(0, polls.get(), "nothing to poll when no run started");
      }
    } finally {
      server.stop(0);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The application's side of the cross-checks.

  /**
   * What the manifests must agree with, read from the application: the HTTP port and the health
   * and metrics paths (Quarkus defaults unless application.properties changes them), and the
   * environment variables of the settings in {@link CartographerConfig}.
   */
  record Application(
      int port,
      String livenessPath,
      String readinessPath,
      String metricsPath,
      String planEnv,
      String passportDirEnv,
      String demoEnv) {

    static Application load() {
      Properties p = new Properties();
      try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/application.properties")) {
        assertNotNull(in, "application.properties is not on the classpath");
        p.load(in);
      } catch (IOException e) {
        throw new AssertionError("cannot read application.properties", e);
      }
      String root = "/" + trim(p.getProperty("quarkus.http.non-application-root-path", "q"));
      String health = root + "/" + trim(p.getProperty("quarkus.smallrye-health.root-path", "health"));
      return new Application(
          Integer.parseInt(p.getProperty("quarkus.http.port", "8080")),
          health + "/" + trim(p.getProperty("quarkus.smallrye-health.liveness-path", "live")),
          health + "/" + trim(p.getProperty("quarkus.smallrye-health.readiness-path", "ready")),
          root + "/" + trim(p.getProperty("quarkus.micrometer.export.prometheus.path", "metrics")),
          envName(configProperty("plan")),
          envName(configProperty("passportDir")),
          envName(configProperty("demo", "enabled")));
    }

    private static String trim(String path) {
      return path.replaceAll("^/+|/+$", "");
    }

    /** The property name of a {@link CartographerConfig} method path, e.g. {@code passportDir}. */
    static String configProperty(String... methods) {
      StringBuilder name = new StringBuilder(CartographerConfig.class.getAnnotation(ConfigMapping.class).prefix());
      Class<?> type = CartographerConfig.class;
      for (String methodName : methods) {
        Method method;
        try {
          method = type.getMethod(methodName);
        } catch (NoSuchMethodException e) {
          throw new AssertionError("CartographerConfig has no " + String.join(".", methods), e);
        }
        WithName withName = method.getAnnotation(WithName.class);
        name.append('.').append(withName != null ? withName.value() : kebab(methodName));
        type = method.getReturnType();
      }
      return name.toString();
    }

    private static String kebab(String camel) {
      return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The environment variable of a property: upper case, every other character {@code _}. */
    static String envName(String property) {
      return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
  }

  private static Plan loadPlan(String text) {
    try {
      return new PlanLoader().parse(text, "configmap", false, null);
    } catch (InvalidPlanException e) {
      throw new AssertionError("the plan in the ConfigMap does not load: " + e.getMessage(), e);
    }
  }

  /**
   * The longest a run of the plan can take when every request uses its whole timeout: per variant,
   * the warm-up (closed: back to back on each connection; open: at the planned rate), the measured
   * phase and one timeout for requests in flight at its end, plus a metrics reading before and
   * after; and the JVM's start.
   */
  static Duration worstCase(Plan plan) {
    Duration total = STARTUP_ALLOWANCE;
    for (Variant variant : plan.variants()) {
      LoadSettings load = variant.load();
      Duration timeout = load.timeout();
      Duration variantTime;
      if (load.model() == LoadModel.OPEN) {
        variantTime = Duration.ofNanos((long) (load.warmup() / load.rate() * 1e9))
            .plus(load.duration()).plus(timeout);
      } else {
        long rounds = ceilDiv(load.warmup(), load.concurrency())
            + (load.countBound() ? ceilDiv(load.requests(), load.concurrency()) : 0);
        variantTime = timeout.multipliedBy(rounds);
        if (!load.countBound()) {
          variantTime = variantTime.plus(load.duration()).plus(timeout);
        }
      }
      if (plan.metrics() != null) {
        variantTime = variantTime.plus(METRICS_READ_TIMEOUT.multipliedBy(2));
      }
      total = total.plus(variantTime);
    }
    return total;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering and reading the manifests.

  /** The overlay's objects, rendered once and read strictly; any problem fails the test. */
  private List<HasMetadata> objects(String overlay) {
    return rendered.computeIfAbsent(overlay, o -> {
      StrictManifests.Parsed parsed = StrictManifests.parse(render(K8S.resolve("overlays").resolve(o)));
      if (!parsed.problems().isEmpty()) {
        fail("k8s/overlays/" + o + " is not valid Kubernetes:\n  " + String.join("\n  ", parsed.problems()));
      }
      return parsed.objects();
    });
  }

  private List<HasMetadata> withPrerequisite(String overlay) {
    List<HasMetadata> all = new ArrayList<>(objects(overlay));
    Optional.ofNullable(PREREQUISITE.get(overlay)).ifPresent(p -> all.addAll(objects(p)));
    return all;
  }

  private static String render(Path dir) {
    Assumptions.assumeTrue(Programs.onPath("kubectl"), "kubectl is not installed: manifests not rendered");
    try {
      Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      if (!process.waitFor(RENDER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("kubectl kustomize " + dir + " did not finish within " + RENDER_TIMEOUT);
      }
      if (process.exitValue() != 0) {
        fail("kubectl kustomize " + dir + " failed (" + process.exitValue() + "): " + err.get());
      }
      return out.get();
    } catch (IOException | java.util.concurrent.ExecutionException e) {
      throw new AssertionError("cannot run kubectl kustomize " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while rendering " + dir, e);
    }
  }


  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A pod template and the object that owns it. */
  record Pod(String overlay, HasMetadata owner, PodTemplateSpec template) {
    PodSpec spec() {
      return template.getSpec();
    }

    boolean hasProbe() {
      return spec().getContainers().stream().anyMatch(c -> PROBE_CONTAINER.equals(c.getName()));
    }

    boolean hasTrigger() {
      return spec().getContainers().stream().anyMatch(c -> TRIGGER_CONTAINER.equals(c.getName()));
    }

    Container probe() {
      return container(spec(), PROBE_CONTAINER);
    }

    Container trigger() {
      return container(spec(), TRIGGER_CONTAINER);
    }

    @Override
    public String toString() {
      return overlay + ": " + owner.getKind() + " " + owner.getMetadata().getName();
    }
  }

  private List<Pod> pods(String overlay) {
    List<Pod> pods = new ArrayList<>();
    for (HasMetadata o : objects(overlay)) {
      if (o instanceof Deployment d) {
        pods.add(new Pod(overlay, o, d.getSpec().getTemplate()));
      } else if (o instanceof CronJob c) {
        pods.add(new Pod(overlay, o, c.getSpec().getJobTemplate().getSpec().getTemplate()));
      } else if (o instanceof Job j) {
        pods.add(new Pod(overlay, o, j.getSpec().getTemplate()));
      }
    }
    return pods;
  }

  private List<Pod> probePods(String overlay) {
    List<Pod> pods = pods(overlay).stream().filter(Pod::hasProbe).toList();
    assertFalse(pods.isEmpty(), overlay + " runs no " + PROBE_CONTAINER + " container");
    return pods;
  }

  private static JobSpec jobSpec(Pod pod) {
    if (pod.owner() instanceof CronJob c) {
      return c.getSpec().getJobTemplate().getSpec();
    }
    return pod.owner() instanceof Job j ? j.getSpec() : null;
  }

  private static boolean isIndexed(Pod pod) {
    JobSpec spec = jobSpec(pod);
    return spec != null && "Indexed".equals(spec.getCompletionMode());
  }

  /** Whether a pod failure policy fails the whole Job at once on each of these exit codes. */
  private static boolean failsAtOnceOn(JobSpec job, List<Integer> exitCodes) {
    if (job.getPodFailurePolicy() == null) {
      return false;
    }
    for (int code : exitCodes) {
      boolean covered = false;
      for (PodFailurePolicyRule rule : job.getPodFailurePolicy().getRules()) {
        var on = rule.getOnExitCodes();
        if (on != null && "In".equals(on.getOperator()) && on.getValues().contains(code)) {
          covered = "FailJob".equals(rule.getAction());
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  /** Whether a list is absent or empty (the fabric8 models start every list empty). */
  private static boolean none(List<?> list) {
    return list == null || list.isEmpty();
  }

  private static String firstArg(Container c) {
    return c.getArgs() == null || c.getArgs().isEmpty() ? null : c.getArgs().get(0);
  }

  private static String triggerScript(Container trigger) {
    assertEquals(List.of("/bin/sh", "-c"), trigger.getCommand(), "the trigger runs a shell script");
    return only(trigger.getArgs());
  }

  private void assertProbe(Container c, Probe probe, String kind, String path) {
    assertNotNull(probe, "no " + kind + " probe");
    HTTPGetAction get = probe.getHttpGet();
    assertNotNull(get, kind + " probe is not an HTTP GET");
    assertEquals(path, get.getPath(), kind + " probe path");
    assertEquals(app.port(), containerPort(c, get.getPort()), kind + " probe port");
  }

  /** The container port an IntOrString names: a number, or the name of one of c's ports. */
  private static int containerPort(Container c, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort).findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
  }

  private static Container container(PodSpec spec, String name) {
    return spec.getContainers().stream().filter(c -> name.equals(c.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  private static String env(Container c, String name) {
    List<EnvVar> env = c.getEnv() == null ? List.of() : c.getEnv();
    List<EnvVar> matches = env.stream().filter(e -> name.equals(e.getName())).toList();
    assertEquals(1, matches.size(), "container " + c.getName() + " sets " + name + " " + matches.size() + " times");
    assertNotNull(matches.get(0).getValue(), "container " + c.getName() + ": " + name + " has no literal value");
    return matches.get(0).getValue();
  }

  private static List<Volume> volumes(Pod pod) {
    return pod.spec().getVolumes() == null ? List.of() : pod.spec().getVolumes();
  }

  private static Volume volume(Pod pod, java.util.function.Predicate<Volume> which) {
    List<Volume> matches = volumes(pod).stream().filter(which).toList();
    assertEquals(1, matches.size(), pod + ": expected one such volume, found " + matches.size());
    return matches.get(0);
  }

  private static Volume volumeNamed(Pod pod, String name) {
    return volume(pod, v -> name.equals(v.getName()));
  }

  private static VolumeMount mount(Pod pod, String volume) {
    List<VolumeMount> mounts = pod.probe().getVolumeMounts().stream()
        .filter(m -> volume.equals(m.getName())).toList();
    assertEquals(1, mounts.size(), pod + ": volume " + volume + " is mounted " + mounts.size() + " times");
    return mounts.get(0);
  }

  private static long bytes(Quantity q) {
    BigDecimal amount = Quantity.getAmountInBytes(q);
    return amount.longValueExact();
  }

  private static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    return only(ofKind(objects, type));
  }

  private static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
    return ofKind(objects, type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  private static <T> T only(List<T> items) {
    assertNotNull(items);
    assertEquals(1, items.size(), "expected exactly one of " + items);
    return items.get(0);
  }

  private static String status(String state, String verdict) {
    return "{\"id\":\"0000abcd\",\"state\":\"" + state + "\",\"trigger\":\"http\","
        + "\"passport_id\":" + ("done".equals(state) ? "\"20261126T153241Z-0000abcd\"" : "null") + ","
        + "\"verdict\":" + (verdict == null ? "null" : "\"" + verdict + "\"") + ","
        + "\"error\":" + ("failed".equals(state) ? "\"target exploded\"" : "null") + "}";
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (status == 202) {
      exchange.getResponseHeaders().add("Location", "/runs/0000abcd");
    }
    exchange.sendResponseHeaders(status, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
