package io.cartographer.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** An invalid plan file and a passport directory that cannot exist (its parent is a file). */
public class BrokenSetupProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    try {
      Path dir = Files.createTempDirectory("cartographer-broken");
      Path blocker = Files.writeString(dir.resolve("a-file"), "not a directory");
      Path plan = Files.writeString(dir.resolve("plan.yaml"), "name: broken\nendpoints: []\nextra: 1\n");
      return Map.of(
          "cartographer.plan", plan.toString(),
          "cartographer.passport-dir", blocker.resolve("passports").toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
