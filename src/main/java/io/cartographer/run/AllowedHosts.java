package io.cartographer.run;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The hosts a plan sent with a run request may target ({@code cartographer.run.allowed-hosts}):
 * exact host names or IP literals, or {@code *.example.com} for every subdomain of
 * example.com. Anything else, cluster-internal names and addresses included, is refused; an empty
 * list refuses every host. Matching is on the host as written in the URL, case-insensitive; the
 * port is not considered.
 */
final class AllowedHosts {

  private final List<String> patterns;

  AllowedHosts(List<String> patterns) {
    this.patterns =
        patterns.stream().map(String::trim).filter(p -> !p.isEmpty()).map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  boolean allows(URI url) {
    String host = url.getHost();
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (String p : patterns) {
      if (p.startsWith("*.") ? h.endsWith(p.substring(1)) && h.length() > p.length() - 1 : h.equals(p)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return patterns.isEmpty() ? "(none)" : String.join(", ", patterns);
  }
}
