package io.cartographer.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {

  @Test
  void exactNamesAndWildcardSubdomainsOnly() {
    AllowedHosts allowed = new AllowedHosts(List.of(" API.example.com ", "*.staging.example.com", "10.1.2.3", ""));
    assertTrue(allowed.allows(URI.create("https://api.example.com/x")));
    assertTrue(allowed.allows(URI.create("https://Api.Example.Com./x")), "case and a trailing dot");
    assertTrue(allowed.allows(URI.create("http://svc.staging.example.com:8080")));
    assertTrue(allowed.allows(URI.create("http://a.b.staging.example.com")));
    assertTrue(allowed.allows(URI.create("http://10.1.2.3:9000")));
    assertFalse(allowed.allows(URI.create("http://staging.example.com")), "the wildcard is for subdomains");
    assertFalse(allowed.allows(URI.create("http://evilstaging.example.com")));
    assertFalse(allowed.allows(URI.create("http://api.example.com.attacker.net")));
    assertFalse(allowed.allows(URI.create("http://10.1.2.30")));
    assertFalse(allowed.allows(URI.create("http://[::1]:8080")));
    assertFalse(allowed.allows(URI.create("file:///etc/passwd")));
  }

  @Test
  void anEmptyListAllowsNothing() {
    assertFalse(new AllowedHosts(List.of()).allows(URI.create("http://127.0.0.1")));
  }
}
