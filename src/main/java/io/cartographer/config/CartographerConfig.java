package io.cartographer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * Everything an operator can set, under the {@code cartographer.} prefix. Each property can be
 * overridden by its environment variable ({@code cartographer.passport-dir} is {@code
 * CARTOGRAPHER_PASSPORT_DIR}). The README's configuration table lists the same names.
 */
@ConfigMapping(prefix = "cartographer")
public interface CartographerConfig {

  /**
   * Path of the plan file (YAML or JSON). When absent, the built-in plan of the embedded demo
   * target is used, which needs {@code cartographer.demo.enabled=true}.
   */
  Optional<String> plan();

  /** Directory the passports are written to and served from. */
  @WithName("passport-dir")
  @WithDefault("passports")
  String passportDir();

  /** The embedded demo target. */
  Demo demo();

  /** Periodic runs in service mode. */
  Schedule schedule();

  /** Merging the shard passports of distributed runs in service mode. */
  Merge merge();

  /** Which passport runs are compared with. */
  Baseline baseline();

  /** How regression verdicts are reached. */
  Verdict verdict();

  /** Protection of the HTTP API. */
  Api api();

  /** Which passports are deleted, and when. */
  Retention retention();

  /** How runs start and stop. */
  Run run();

  /** Run settings. */
  interface Run {
    /**
     * When the process is asked to stop (SIGTERM) during a run, the run stops sending and waits at
     * most this long for its requests in flight before it stores what it measured as an aborted
     * passport. Keep it below the pod's termination grace period.
     */
    @WithName("abort-grace")
    @WithDefault("10s")
    java.time.Duration abortGrace();

    /**
     * Whether {@code POST /run} may carry a plan of its own. Off by default: a request can then
     * only run the configured plan, and cannot make the probe send requests anywhere else.
     */
    @WithName("allow-plan-override")
    @WithDefault("false")
    boolean allowPlanOverride();

    /**
     * Requests the probe sends to a loopback server of its own, once per process before its first
     * variant, so that the JIT has compiled its request path before anything is measured (the
     * target sees none of them); 0 turns this off.
     */
    @WithName("self-warm-up-requests")
    @WithDefault("10000")
    long selfWarmUpRequests();

    /**
     * The hosts a plan sent with {@code POST /run} may target (base URL and metrics URL): exact
     * names or IP literals, or {@code *.example.com}. Empty refuses every plan override.
     */
    @WithName("allowed-hosts")
    Optional<java.util.List<String>> allowedHosts();

    /**
     * Limits a plan sent with {@code POST /run} must stay within; a plan beyond any of them is
     * refused with 403 naming each. The configured plan is the operator's own and is not capped.
     */
    Caps caps();
  }

  /** Operator caps on plans sent over HTTP. */
  interface Caps {
    /** Variants in the plan. */
    @WithName("max-variants")
    @WithDefault("50")
    int maxVariants();

    /** Connections of one variant: closed-model concurrency, open-model max connections. */
    @WithName("max-connections")
    @WithDefault("256")
    int maxConnections();

    /** Open-model rate of one variant, requests per second. */
    @WithName("max-rate")
    @WithDefault("5000")
    double maxRate();

    /** Requests one variant may send, warm-up included (a count-bound closed variant). */
    @WithName("max-requests")
    @WithDefault("1000000")
    long maxRequests();

    /**
     * How long the whole run may take: duration-bound variants may not add up to more, and a run
     * still going after it is cancelled into an aborted passport.
     */
    @WithName("max-duration")
    @WithDefault("15m")
    java.time.Duration maxDuration();

    /** The largest response body a variant may read ({@code max-body}), in bytes. */
    @WithName("max-body-bytes")
    @WithDefault("16777216")
    long maxBodyBytes();
  }

  /**
   * Retention of passports, applied after every passport this process writes and at start.
   * Pinned passports, the newest passport, the newest clean pass of each plan and damaged files
   * are never deleted.
   */
  interface Retention {
    /** Passports older than this are deleted ({@code 30d}, {@code 12h}); {@code 0} keeps them. */
    @WithName("max-age")
    @WithDefault("30d")
    java.time.Duration maxAge();

    /** When set, only the newest this many passports are kept. */
    @WithName("max-count")
    java.util.OptionalInt maxCount();
  }

  /** Regression verdict settings. */
  interface Verdict {
    /**
     * The run-level false-alarm rate: on an unchanged target, {@code --fail-on regression} fails at
     * most this share of runs (Benjamini–Hochberg over every metric of every variant).
     */
    @WithName("false-alarm-rate")
    @WithDefault("0.01")
    double falseAlarmRate();

    /**
     * How many times a variant that looks regressed is measured again in the same run before the
     * regression is reported; it is reported only when every attempt shows it. 0 reports the
     * first measurement's finding.
     */
    @WithDefault("1")
    int confirm();
  }

  /** HTTP API settings. */
  interface Api {
    /**
     * When set, {@code POST /run} and the pin endpoints require {@code Authorization: Bearer
     * <token>}; reading passports stays open.
     */
    Optional<String> token();
  }

  /** Baseline settings. */
  interface Baseline {
    /**
     * A passport id every run of its plan is compared with, overriding pins made over HTTP and
     * the default (the latest passing passport of the same plan).
     */
    Optional<String> pin();

    /**
     * How many earlier passports of a plan are searched for each variant's baseline and history;
     * its clean measurements among them (after the metric's latest change point, in a like
     * environment) estimate its run-to-run noise.
     */
    @WithDefault("30")
    int history();
  }

  /** Settings of the embedded demo target. */
  interface Demo {
    /** Serves the demo ledger under {@code /demo}. Off in the Kubernetes manifests. */
    @WithDefault("true")
    boolean enabled();

    /** Faults to switch the demo into, to see a probe catch them. */
    Faults faults();

    /** Demo faults; all off by default. */
    interface Faults {
      /**
       * Bytes the demo keeps of every request it serves (a leak), e.g. {@code 4KiB}; {@code 0B} is
       * none. Kept up to 256 MiB.
       */
      @WithDefault("0B")
      String leakPerRequest();

      /**
       * Bytes the demo allocates and drops for every request it serves (garbage, not a leak), e.g.
       * {@code 64KiB}; {@code 0B} is none.
       */
      @WithDefault("0B")
      String allocPerRequest();

      /**
       * One file descriptor the demo opens and never closes per this many requests it serves (a
       * descriptor leak), e.g. {@code 100}; {@code 0} is none. Up to 500 are kept.
       */
      @WithDefault("0")
      int fdLeakEvery();
    }
  }

  /** Settings of the automatic merge of distributed runs. */
  interface Merge {
    /** How often the service looks for distributed runs whose shards are all present. */
    @WithDefault("10s")
    String interval();
  }

  /** Settings of periodic runs. */
  interface Schedule {
    /**
     * Quartz-style cron expression (six fields, seconds first) for periodic runs, or {@code off}.
     */
    @WithDefault("off")
    String cron();
  }
}
