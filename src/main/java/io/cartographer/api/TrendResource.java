package io.cartographer.api;

import io.cartographer.passport.PassportStore;
import io.cartographer.passport.Trend;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A metric of a plan's variants over its stored passports, from the passport index. */
@Path("/trends")
@Produces(MediaType.APPLICATION_JSON)
public class TrendResource {

  static final int DEFAULT_LIMIT = 30;
  static final int MAX_LIMIT = 1000;
  private static final int MAX_NAME = 200;

  private final PassportStore store;

  public TrendResource(PassportStore store) {
    this.store = store;
  }

  @GET
  @Operation(summary = "A metric of a plan's variants over its latest passports, oldest first")
  public Trend trend(
      @QueryParam("plan") String plan,
      @QueryParam("endpoint") String endpoint,
      @QueryParam("variant") String variant,
      @QueryParam("metric") String metric,
      @QueryParam("since") String since,
      @QueryParam("limit") String limit)
      throws IOException {
    if (plan == null || plan.isBlank()) {
      throw ApiException.badRequest("plan: the name of a plan is required, e.g. ?plan=ledger-demo");
    }
    checkName("plan", plan);
    checkName("endpoint", endpoint);
    checkName("variant", variant);
    Trend.Metric chosen =
        metric == null
            ? Trend.Metric.P99
            : Trend.Metric.of(metric)
                .orElseThrow(() -> ApiException.badRequest(
                    "metric: '" + metric + "' is not one of " + Trend.Metric.names()));
    return store.trend(new Trend.Query(plan, endpoint, variant, chosen, since(since), limit(limit)));
  }

  private static void checkName(String field, String value) {
    if (value != null && value.length() > MAX_NAME) {
      throw ApiException.badRequest(field + ": longer than " + MAX_NAME + " characters");
    }
  }

  private static Instant since(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("since: '" + text + "' is not an ISO-8601 UTC time such as 2026-11-01T00:00:00Z");
    }
  }

  private static int limit(String text) {
    return QueryLimits.parse(text, DEFAULT_LIMIT, MAX_LIMIT);
  }
}
