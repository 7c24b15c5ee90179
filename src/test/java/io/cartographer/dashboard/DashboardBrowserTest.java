package io.cartographer.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the dashboard at {@code /} in Debian's headless Chromium: the tables and charts drawn
 * over two stored passports of the built-in demo plan, then "Run now" with its progress until the
 * third passport appears. Any console error fails it. The screenshot is kept as
 * {@code target/dashboard-screenshot.png}; with {@code -Ddashboard.screenshot.update} it is also
 * copied to {@code docs/dashboard.png}. Skipped where chromium or chromedriver is not installed.
 */
@QuarkusTest
@TestProfile(DashboardBrowserTest.DemoPlanInAnEmptyDirectory.class)
class DashboardBrowserTest {

  private static final Path SCREENSHOT = Path.of("target", "dashboard-screenshot.png");
  private static final Path FAILURE_SCREENSHOT = Path.of("target", "dashboard-failure.png");
  private static final Path DOCS_SCREENSHOT = Path.of("docs", "dashboard.png");
  private static final Pattern NUMBER = Pattern.compile("^[−+-]?[0-9][0-9,]*(\\.[0-9]+)?\\b.*");
  private static final Pattern BYTES = Pattern.compile("^[0-9][0-9,]*(\\.[0-9]+)? (B|KiB|MiB|GiB)$");
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

  /**
   * The built-in demo plan (23 variants against the embedded demo target, with its memory read
   * from {@code /demo/metrics}) writing to a directory of its own; the other tests' global
   * resources, which configure a plan and a passport directory of theirs, are left out.
   */
  public static class DemoPlanInAnEmptyDirectory implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("cartographer-dashboard");
        // no re-measurement of what looks regressed: this test is about the dashboard, and the demo's
        // noisy runs would otherwise spend a third of its time confirming
        return Map.of("cartographer.passport-dir", dir.resolve("passports").toString(),
            "cartographer.verdict.confirm", "0");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }

  @TestHTTPResource("/")
  URL root;

  @Test
  void showsRunsChartsAndANewRun() throws Exception {
    HeadlessChromium.assumeInstalled();
    runThePlanAndWait();
    runThePlanAndWait();
    int variants = given().get("/passports/latest").then().statusCode(200).extract().path("test_results.size()");
    // the demo plan's passport, with its staged and capacity variants, follows the schema
    io.cartographer.testing.PassportSchema.assertValid(given().get("/passports/latest").then().statusCode(200).extract().asByteArray());
    // the target's memory, read every 250 ms, is in the staged variant's seconds
    List<Object> memory = given().get("/passports/latest").then().statusCode(200).extract()
        .path("test_results.find { it.variant == 'ramp' }.timeline.target_memory_bytes");
    assertTrue(memory != null && memory.stream().anyMatch(m -> m != null), "memory per second: " + memory);

    Path profile = Files.createTempDirectory("cartographer-chromium");
    ChromeDriver driver = HeadlessChromium.start(profile);
    boolean passed = false;
    try {
      driver.get(root.toString());
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

      // the variant table: one row per variant of the latest passport, figures in the cells
      wait.until(d -> !d.findElements(By.cssSelector("[data-testid=variant-row]")).isEmpty());
      List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid=variant-row]"));
      assertEquals(variants, rows.size(), "one row per variant");
      assertTrue(rows.size() > 0);
      for (WebElement row : rows) {
        String name = row.getAttribute("data-variant");
        for (String column : List.of("requests", "throughput", "errors")) {
          String text = cell(row, column);
          assertTrue(NUMBER.matcher(text).matches(), name + " " + column + " is a number: '" + text + "'");
        }
      }
      assertTrue(rows.stream().anyMatch(r -> NUMBER.matcher(cell(r, "p99")).matches()), "some p99 is a number");
      assertTrue(rows.stream().anyMatch(r -> NUMBER.matcher(cell(r, "p50")).matches()), "some p50 is a number");
      assertTrue(rows.stream().anyMatch(r -> BYTES.matcher(cell(r, "memory-peak")).matches()),
          "the demo's memory is read: some memory peak is a size");
      String verdict = driver.findElement(By.cssSelector("[data-testid=latest-verdict]")).getText();
      assertTrue(verdict.startsWith("PASS") || verdict.startsWith("FAIL"), "verdict shown: " + verdict);

      // the charts drew the stored runs
      for (String chart : List.of("trend-p99", "trend-throughput", "trend-memory")) {
        By points = By.cssSelector("[data-testid=" + chart + "] svg circle");
        wait.withMessage(chart + " draws a point per stored run").until(d -> d.findElements(points).size() >= 2);
        assertFalse(driver.findElements(By.cssSelector("[data-testid=" + chart + "] svg polyline")).isEmpty(),
            chart + " joins its points");
      }
      // the target's cost per request is charted too (a variant shorter than its first reading
      // has no figure, so only the chart itself is required)
      for (String chart : List.of("trend-cpu", "trend-alloc")) {
        By drawn = By.cssSelector("[data-testid=" + chart + "] svg");
        wait.withMessage(chart + " is drawn").until(d -> !d.findElements(drawn).isEmpty());
      }
      By curve = By.cssSelector("[data-testid=percentile-chart] svg polyline");
      wait.withMessage("the percentile plot draws a curve").until(d -> !d.findElements(curve).isEmpty());
      String[] curvePoints = driver.findElement(curve).getAttribute("points").trim().split("\\s+");
      assertTrue(curvePoints.length >= 2, "percentile curve has points: " + curvePoints.length);
      // one set of numbers: the caption's p50 (shown for any sample; the p99 only from 100
      // requests) is the histogram's, as a row of the table shows it
      String caption = driver.findElement(By.id("percentile-summary")).getText();
      assertTrue(rows.stream().map(r -> cell(r, "p50")).anyMatch(p50 -> caption.contains("p50 " + p50 + " ms")),
          "the caption's p50 is a table's p50: " + caption);
      if (caption.contains("p99 ")) {
        assertTrue(rows.stream().map(r -> cell(r, "p99")).anyMatch(p99 -> caption.contains("p99 " + p99 + " ms")),
            "the caption's p99 is a table's p99: " + caption);
      }

      // the selected variant over the run, second by second, from its passport's timeline
      for (String[] chart : new String[][] {{"second-throughput", "throughput"}, {"second-latency", "p99"},
          {"second-errors", "in flight"}}) {
        By drawn = By.cssSelector("[data-testid=" + chart[0] + "] svg [data-series='" + chart[1] + "']");
        wait.withMessage(chart[0] + " draws its " + chart[1] + " series").until(d -> !d.findElements(drawn).isEmpty());
      }
      assertTrue(driver.findElement(By.cssSelector("[data-testid=over-time] a")).getAttribute("href").endsWith("/latency-log"),
          "the interval log is linked");
      // the staged variant: its ramp over several seconds, the unmeasured ramp down shaded
      new Select(driver.findElement(By.cssSelector("[data-testid=variant-select]"))).selectByValue("heartbeat/ramp");
      By ramp = By.cssSelector("[data-testid=second-throughput] svg polyline[data-series='throughput']");
      wait.withMessage("the ramp second by second").until(d -> !d.findElements(ramp).isEmpty()
          && d.findElement(ramp).getAttribute("points").trim().split("\\s+").length >= 3);
      assertFalse(driver.findElements(By.cssSelector("[data-testid=second-throughput] svg rect.stage-band")).isEmpty(),
          "the unmeasured stage is shaded");
      // the capacity variant: its search's steps by rate, the capacity marked
      new Select(driver.findElement(By.cssSelector("[data-testid=variant-select]"))).selectByValue("heartbeat/capacity");
      wait.withMessage("the capacity curve").until(d -> d.findElements(By.cssSelector("[data-testid=capacity-step]")).size() >= 2
          && !d.findElements(By.cssSelector("[data-testid=capacity-knee]")).isEmpty());

      // compare two runs: by default the latest against the one before it, every variant with
      // both figures, the run's the same as the variant table's, both percentile curves drawn
      Select runA = new Select(driver.findElement(By.cssSelector("[data-testid=compare-a]")));
      Select runB = new Select(driver.findElement(By.cssSelector("[data-testid=compare-b]")));
      wait.withMessage("both runs offered to compare").until(d -> runB.getOptions().size() == 2);
      String latestId = given().get("/passports/latest").then().statusCode(200).extract().path("id");
      assertEquals(latestId, runA.getFirstSelectedOption().getAttribute("value"), "the latest run by default");
      String baselineId = runB.getFirstSelectedOption().getAttribute("value");
      assertFalse(latestId.equals(baselineId), "against the run before it");
      driver.findElement(By.cssSelector("[data-testid=compare-go]")).click();
      By compareRows = By.cssSelector("[data-testid=compare-row]");
      wait.withMessage("one compared row per variant").until(d -> d.findElements(compareRows).size() == variants);
      String compareSummary = driver.findElement(By.cssSelector("[data-testid=compare-summary]")).getText();
      assertTrue(compareSummary.contains(latestId + " against " + baselineId) && compareSummary.contains("variants compared"),
          compareSummary);
      for (WebElement row : driver.findElements(compareRows)) {
        String key = row.getAttribute("data-variant");
        WebElement tableRow = rows.stream().filter(r -> key.equals(r.getAttribute("data-variant"))).findFirst().orElseThrow();
        String p50 = row.findElement(By.cssSelector("[data-col=p50] .now")).getText().trim();
        assertEquals(cell(tableRow, "p50"), p50, key + ": the run's p50 is the variant table's");
        assertTrue(row.findElement(By.cssSelector("[data-col=p50] .then")).getText().contains("\u2192"), key);
      }
      wait.withMessage("the run's and the baseline's percentile curves").until(d ->
          !d.findElements(By.cssSelector("[data-testid=compare-percentiles] [data-testid=compare-line-run]")).isEmpty()
              && !d.findElements(By.cssSelector("[data-testid=compare-percentiles] [data-testid=compare-line-baseline]")).isEmpty());
      assertTrue(driver.getCurrentUrl().endsWith("#compare=" + latestId + "/" + baselineId), driver.getCurrentUrl());
      // the link says which comparison: opened the other way round, it shows that one
      driver.get(root + "#compare=" + baselineId + "/" + latestId);
      wait.withMessage("the linked comparison").until(d -> d.findElements(compareRows).size() == variants
          && d.findElement(By.cssSelector("[data-testid=compare-summary]")).getText().contains(baselineId + " against " + latestId));
      assertEquals(baselineId, new Select(driver.findElement(By.cssSelector("[data-testid=compare-a]")))
          .getFirstSelectedOption().getAttribute("value"));

      // Run now: disabled with progress while the run goes on, then the third passport appears
      By passportRows = By.cssSelector("[data-testid=passport-row]");
      wait.withMessage("both stored passports listed").until(d -> d.findElements(passportRows).size() == 2);
      Set<String> before = driver.findElements(passportRows).stream()
          .map(r -> r.getAttribute("data-passport")).collect(Collectors.toSet());
      WebElement runNow = driver.findElement(By.cssSelector("[data-testid=run-now]"));
      assertTrue(runNow.isEnabled(), "Run now is enabled while no run is in progress");
      runNow.click();
      new WebDriverWait(driver, Duration.ofSeconds(5)).withMessage("Run now disabled during the run")
          .until(d -> !d.findElement(By.cssSelector("[data-testid=run-now]")).isEnabled());
      WebElement progress = driver.findElement(By.cssSelector("[data-testid=run-progress]"));
      new WebDriverWait(driver, Duration.ofSeconds(5)).withMessage("progress shown")
          .until(d -> progress.isDisplayed() && !progress.getText().isBlank());
      new WebDriverWait(driver, Duration.ofSeconds(60))
          .withMessage("the run ends, Run now is enabled again and the new passport is listed")
          .until(d -> d.findElement(By.cssSelector("[data-testid=run-now]")).isEnabled()
              && d.findElements(passportRows).size() == before.size() + 1);
      String newest = driver.findElements(passportRows).get(0).getAttribute("data-passport");
      assertFalse(before.contains(newest), "the new passport is listed first: " + newest);
      assertTrue(progress.getText().contains(newest), "progress names the new passport: " + progress.getText());

      ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
      saveScreenshot(driver, SCREENSHOT);
      if (System.getProperty("dashboard.screenshot.update") != null) {
        Files.createDirectories(DOCS_SCREENSHOT.getParent());
        Files.copy(SCREENSHOT, DOCS_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
      }

      List<String> errors = new ArrayList<>();
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
          errors.add(entry.getMessage());
        }
      }
      assertTrue(errors.isEmpty(), "console errors: " + errors);
      passed = true;
    } finally {
      try {
        if (!passed) saveScreenshot(driver, FAILURE_SCREENSHOT);
      } catch (Exception e) {
        // the browser may be gone; the failure itself is what matters
      } finally {
        driver.quit();
        deleteRecursively(profile);
      }
    }
  }

  /** Starts a run of the configured plan (the demo) over HTTP and waits for its passport. */
  private static void runThePlanAndWait() {
    Response started = given().post("/run");
    started.then().statusCode(202);
    String id = started.path("id");
    await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> !"running".equals(given().get("/runs/" + id).path("state")));
    Response done = given().get("/runs/" + id);
    assertEquals("done", done.path("state"), "run " + id + " ended with a passport: " + done.asString());
  }

  private static String cell(WebElement row, String column) {
    return row.findElement(By.cssSelector("[data-col='" + column + "']")).getText().trim();
  }

  private static void saveScreenshot(WebDriver driver, Path target) throws IOException {
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
