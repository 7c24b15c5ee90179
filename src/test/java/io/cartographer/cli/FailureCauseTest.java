package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportJson;
import io.cartographer.testing.TestPassports;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A failing row says why in one line: top error with a sample, statuses, saturation. */
class FailureCauseTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A real passport whose first variant failed with 97 answers of 503 out of 100. */
  private static Passport failedWithStatuses(boolean saturated) throws Exception {
    ObjectNode tree = (ObjectNode) TestPassports.tree(PassportJson.write(
        TestPassports.passport(Instant.parse("2026-12-03T10:00:00Z"), "0000000c")));
    ObjectNode result = (ObjectNode) tree.path("test_results").get(0);
    result.put("verdict", "fail").put("reason", "error rate 97.00 % above limit 0.00 % (97 of 100 failed)")
        .put("probe_saturated", saturated);
    result.set("errors", JSON.createObjectNode().put("status", 97));
    result.set("error_samples", JSON.createObjectNode().put("status", "status 503 (expected 200)"));
    result.set("status_counts", JSON.createObjectNode().put("200", 3).put("503", 97));
    return PassportJson.read(JSON.writeValueAsBytes(tree));
  }

  @Test
  void theTopErrorWithItsSampleAndTheStatuses() throws Exception {
    Passport.TestResult r = failedWithStatuses(false).testResults().get(0);
    assertEquals("top error status x97: status 503 (expected 200); statuses 503 x97, 200 x3 (expected 200)",
        FailureCause.of(r));
  }

  @Test
  void theTableAndTheMarkdownCarryIt() throws Exception {
    Passport p = failedWithStatuses(true);
    String table = SummaryTable.render(p);
    assertTrue(table.contains("FAIL (error rate 97.00 % above limit 0.00 % (97 of 100 failed); top error status x97:"
        + " status 503 (expected 200); statuses 503 x97, 200 x3 (expected 200); " + FailureCause.SATURATED + ")"), table);
    String md = MarkdownSummary.render(p, "p.json");
    assertTrue(md.contains("**fail**: error rate 97.00 % above limit 0.00 % (97 of 100 failed); top error status x97"), md);
  }

  @Test
  void aCleanRowHasNothingToAdd() throws Exception {
    Passport p = TestPassports.passport(Instant.parse("2026-12-03T10:00:00Z"), "0000000d");
    for (Passport.TestResult r : p.testResults()) {
      if (r.failed() == 0 && !r.probeSaturated()) {
        assertEquals("", FailureCause.of(r), r.key());
      }
    }
  }
}
