package io.cartographer.run;

import io.cartographer.config.CartographerConfig;
import io.cartographer.plan.LoadModel;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Plan;
import io.cartographer.plan.Variant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operator's limits on a plan sent with {@code POST /run} ({@code cartographer.run.caps.*}):
 * how many variants, connections, requests per second and per variant, how long, how large a body,
 * and no {@code Host} header (an allowed ingress would otherwise reach every virtual host behind
 * it). Every limit a plan breaks is named at once, with the setting that raises it.
 */
final class SentPlanCaps {

  private final CartographerConfig.Caps caps;

  SentPlanCaps(CartographerConfig.Caps caps) {
    this.caps = caps;
  }

  /** Every cap {@code plan} breaks, one line each; empty when it stays within all. */
  List<String> broken(Plan plan) {
    List<String> broken = new ArrayList<>();
    List<Variant> variants = plan.variants();
    if (variants.size() > caps.maxVariants()) {
      broken.add(variants.size() + " variants, more than cartographer.run.caps.max-variants=" + caps.maxVariants());
    }
    Duration total = Duration.ZERO;
    for (Variant v : variants) {
      LoadSettings load = v.load();
      String where = v.key() + ": ";
      int connections = load.model() == LoadModel.OPEN ? load.maxConnections() : load.concurrency();
      if (connections > caps.maxConnections()) {
        broken.add(where + connections + " connections, more than cartographer.run.caps.max-connections="
            + caps.maxConnections());
      }
      if (load.rate() != null && load.rate() > caps.maxRate()) {
        broken.add(where + String.format(Locale.ROOT, "rate %.0f/s, more than cartographer.run.caps.max-rate=%.0f",
            load.rate(), caps.maxRate()));
      }
      long requests = load.warmup() + (load.countBound() ? load.requests()
          : load.rate() != null ? load.intendedRequests() : 0);
      if (requests > caps.maxRequests()) {
        broken.add(where + requests + " requests, more than cartographer.run.caps.max-requests=" + caps.maxRequests());
      }
      if (load.maxBodyBytes() > caps.maxBodyBytes()) {
        broken.add(where + "max-body " + load.maxBodyBytes() + " bytes, more than cartographer.run.caps.max-body-bytes="
            + caps.maxBodyBytes());
      }
      if (v.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("host"))) {
        broken.add(where + "a Host header; a sent plan reaches only the hosts its URLs name");
      }
      if (load.duration() != null) {
        total = total.plus(load.duration());
      }
    }
    if (total.compareTo(caps.maxDuration()) > 0) {
      broken.add("variants of " + total.toSeconds() + " s in all, more than cartographer.run.caps.max-duration="
          + caps.maxDuration().toSeconds() + "s");
    }
    return broken;
  }
}
