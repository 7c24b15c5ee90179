package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportJson;
import io.cartographer.testing.TestPassports;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The HTML report is one self-contained file, escapes what a target wrote, and draws each curve. */
class HtmlReportTest {

  @Test
  void oneFileWithNothingFromElsewhereAndEveryTextEscaped() throws Exception {
    ObjectNode tree = (ObjectNode) TestPassports.tree(PassportJson.write(
        TestPassports.passport(Instant.parse("2026-12-03T10:00:00Z"), "0000000e", 3, 1000, 2000, 3000, 40_000)));
    ObjectNode result = (ObjectNode) tree.path("test_results").get(0);
    result.put("verdict", "fail").put("reason", "error rate above limit");
    result.set("errors", new ObjectMapper().createObjectNode().put("status", 3));
    result.set("error_samples", new ObjectMapper().createObjectNode().put("status", "<script>alert(1)</script>"));
    Passport p = PassportJson.read(new ObjectMapper().writeValueAsBytes(tree));
    String html = HtmlReport.render(p);
    assertTrue(html.startsWith("<!doctype html>"), html);
    assertFalse(html.contains("<script"), "no script at all, and a target's text escaped: " + html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertFalse(html.contains("src=") || html.contains("href=") || html.contains("@import") || html.contains("url("),
        "nothing loaded from anywhere");
    assertTrue(html.contains("<svg class=\"curve\"") && html.contains("<polyline points=\""), html);
    assertTrue(html.contains(p.testResults().get(0).key()), html);
  }
}
