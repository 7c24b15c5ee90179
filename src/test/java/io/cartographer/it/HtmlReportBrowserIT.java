package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.HeadlessChromium;
import io.cartographer.testing.PackagedJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code run --report FILE.html} of the built-in demo, opened from the file in headless Chromium:
 * its table and a drawn percentile curve per variant, and not one request for anything else.
 */
class HtmlReportBrowserIT {

  @TempDir Path dir;

  @Test
  void theReportOpensOfflineWithItsChartsDrawn() throws Exception {
    HeadlessChromium.assumeInstalled();
    Path report = dir.resolve("report.html");
    PackagedJar.Result run = PackagedJar.run(dir, "run", "--passport-dir", dir.resolve("passports").toString(),
        "--report", report.toString());
    assertTrue(List.of(0, 1).contains(run.exitCode()), run.transcript());
    Path profile = Files.createDirectories(dir.resolve("chromium"));
    ChromeDriver driver = HeadlessChromium.start(profile);
    try {
      driver.get(report.toUri().toString());
      int variants = driver.findElements(By.cssSelector("table tr")).size() - 1;
      assertEquals(23, variants, "one row per variant of the built-in plan");
      List<WebElement> curves = driver.findElements(By.cssSelector("svg.curve polyline"));
      assertEquals(variants, curves.size());
      for (WebElement curve : curves) {
        // Drawn across the plot (a variant whose every request took the same time is a flat line).
        assertTrue(curve.getRect().getWidth() > 50, "drawn: " + curve.getRect());
        assertTrue(curve.getAttribute("points").trim().split("\\s+").length >= 2, curve.getAttribute("points"));
      }
      Object fetched = driver.executeScript("return performance.getEntriesByType('resource').length");
      assertEquals(0L, ((Number) fetched).longValue(), "nothing fetched: the file is all there is");
    } finally {
      driver.quit();
    }
  }
}
