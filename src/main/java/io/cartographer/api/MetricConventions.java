package io.cartographer.api;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps {@code /q/metrics} clean for {@code promtool check metrics} in both formats it serves
 * (text 0.0.4 and OpenMetrics): every meter has help text (the binders of Netty and of the HTTP
 * server leave some without; they get their name in words), help text has no double quote (the
 * OpenMetrics writer escapes it as {@code \"}, which the text parser refuses), and three meters
 * whose names break the rules are left out: {@code system_cpu_count} (a {@code _count} suffix on a
 * gauge; the passport records the CPUs), {@code process_cpu_time_ns_total} (an abbreviated unit;
 * {@code process_cpu_usage} remains) and the API server's open-connection timer {@code
 * http_server_connections_seconds} (its {@code _active_count} and {@code _duration_sum} series have
 * no help text of their own; {@code http_server_requests_seconds} remains).
 */
@Singleton
public class MetricConventions {

  private static final Set<String> LEFT_OUT = Set.of("system.cpu.count", "process.cpu.time", "http.server.connections");

  @Produces
  @Singleton
  MeterFilter conventions() {
    return new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        return LEFT_OUT.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
      }

      @Override
      public Meter.Id map(Meter.Id id) {
        String help = id.getDescription();
        String clean = help == null || help.isBlank() ? inWords(id.getName()) : help.replace('"', '\'');
        return clean.equals(help) ? id
            : new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), clean, id.getType());
      }
    };
  }

  /** {@code netty.allocator.memory.used} as "Netty allocator memory used". */
  static String inWords(String name) {
    String words = name.replace('.', ' ').replace('_', ' ');
    return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
  }
}
