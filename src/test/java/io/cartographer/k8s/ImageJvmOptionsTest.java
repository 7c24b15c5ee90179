package io.cartographer.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The container image starts the JVM as {@code bin/cartographer} does, but for the maximum heap. */
class ImageJvmOptionsTest {

  @Test
  void theImageSetsTheLaunchersJvmOptionsButTheMaximumHeap() throws Exception {
    List<String> launcher = new ArrayList<>();
    Matcher defaults = Pattern.compile("(?m)^defaults=\"(?:\\$defaults )?([^\"]*)\"$")
        .matcher(Files.readString(Path.of("bin/cartographer")));
    while (defaults.find()) {
      launcher.addAll(Arrays.asList(defaults.group(1).trim().split("\\s+")));
    }
    Matcher image = Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$")
        .matcher(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")));
    assertTrue(image.find(), "Dockerfile.jvm sets JDK_JAVA_OPTIONS");
    List<String> imageOptions = Arrays.asList(image.group(1).trim().split("\\s+"));

    assertTrue(launcher.contains("-XX:+UseSerialGC") && launcher.stream().anyMatch(o -> o.startsWith("-Xmx")),
        "the launcher's defaults were read: " + launcher);
    // run-java.sh sizes the maximum heap from the container's limit
    assertEquals(launcher.stream().filter(o -> !o.startsWith("-Xmx")).toList(), imageOptions);
  }
}
