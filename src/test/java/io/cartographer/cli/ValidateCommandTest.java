package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate PLAN}: the variants as resolved, or every problem; nothing sent. */
class ValidateCommandTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int validate(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "validate";
    System.arraycopy(args, 0, command, 1, args.length);
    return ((ValidateCommand) CliParser.parse(command).command()).run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aValidPlanPrintsEachVariantWithItsDefaultsMerged() throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.yaml"), """
        name: shop
        target: {base-url: http://127.0.0.1:1}
        defaults:
          load: {concurrency: 3, requests: 100, warmup: 7}
          thresholds: {max-p99: 50ms, max-error-rate: 0}
        endpoints:
          - name: items
            path: /items
            variants:
              - {name: first, query: limit=1}
              - name: paced
                load: {model: open, rate: 200/s, duration: 2s}
                thresholds: {max-fd-growth: 1/1000requests}
        """);
    assertEquals(0, validate(plan.toString()));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("plan shop (" + plan + "): valid, 1 endpoints, 2 variants"), text);
    assertTrue(text.contains("items/first") && text.contains("/items?limit=1")
        && text.contains("closed 3 conns, 100 requests, warm-up 7, 5 rounds") && text.contains("p99 <= 50ms, errors <= 0"),
        text);
    assertTrue(text.contains("open 200/s for 2s") && text.contains("fd growth <= 1/1000requests"), text);
  }

  @Test
  void anInvalidPlanPrintsEveryProblemAndExitsTwo() throws Exception {
    Path plan = Files.writeString(dir.resolve("bad.yaml"), """
        name: shop
        target: {base-url: http://127.0.0.1:1}
        endpoints:
          - name: items
            path: items
            variants: [{name: v, methd: GET, load: {concurrency: 0}}]
        """);
    assertEquals(2, validate(plan.toString()));
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("endpoints[0].path"), text);
    assertTrue(text.contains("methd"), "a bad path does not hide an unknown key: " + text);
    assertTrue(text.contains("concurrency"), text);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aMissingFileOrNoneAtAllExitsTwo() {
    assertEquals(2, validate(dir.resolve("none.yaml").toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no plan file"));
    org.junit.jupiter.api.Assertions.assertThrows(picocli.CommandLine.ParameterException.class,
        () -> CliParser.parse("validate"), "no plan file is a usage error: exit 2 from the entry point");
  }
}
