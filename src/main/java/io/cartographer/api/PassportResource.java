package io.cartographer.api;

import io.cartographer.passport.PassportFile;
import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportStore;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.PercentileCurve;
import io.cartographer.run.Comparisons;
import io.cartographer.verdict.RunComparison;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Serves stored passports; the files are returned as written. */
@Path("/passports")
@Produces(MediaType.APPLICATION_JSON)
public class PassportResource {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 500;

  private final PassportStore store;
  private final Comparisons comparisons;

  public PassportResource(PassportStore store, Comparisons comparisons) {
    this.store = store;
    this.comparisons = comparisons;
  }

  @GET
  @Path("{id}/compare")
  @Operation(summary = "Compare passport {id} with the passport named by 'baseline'")
  @APIResponse(responseCode = "200", description = "The comparison, by variant",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunComparison.class)))
  @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
  @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
  @APIResponse(responseCode = "422", ref = ApiDocument.DAMAGED)
  public RunComparison compare(@PathParam("id") String id, @QueryParam("baseline") String baseline)
      throws IOException {
    checkId(id);
    if (baseline == null) {
      throw ApiException.badRequest("baseline: a passport id is required, e.g. ?baseline=20261126T152233Z-3f9a1c2b");
    }
    checkId(baseline);
    return comparisons.compare(passport(id, store), passport(baseline, store), Optional.empty());
  }

  @POST
  @Path("{id}/pin")
  @ChangesSomething
  @Operation(summary = "Pin passport {id} as the baseline of its plan")
  @SecurityRequirement(name = ApiDocument.BEARER)
  @APIResponse(responseCode = "200", description = "Pinned: {plan, pinned}")
  @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
  @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
  @APIResponse(responseCode = "422", ref = ApiDocument.DAMAGED)
  public Map<String, String> pin(@PathParam("id") String id) throws IOException {
    checkId(id);
    String plan = passport(id, store).plan().name();
    store.pin(plan, id);
    return Map.of("plan", plan, "pinned", id);
  }

  @DELETE
  @Path("{id}/pin")
  @ChangesSomething
  @Operation(summary = "Unpin passport {id}; its plan's baseline is then the latest passing passport")
  @SecurityRequirement(name = ApiDocument.BEARER)
  @APIResponse(responseCode = "204", description = "Unpinned")
  @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
  @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
  @APIResponse(responseCode = "422", ref = ApiDocument.DAMAGED)
  public Response unpin(@PathParam("id") String id) throws IOException {
    checkId(id);
    String plan = passport(id, store).plan().name();
    if (!store.unpin(plan, id)) {
      throw ApiException.notFound("passport " + id + " is not the pinned baseline of plan " + plan);
    }
    return Response.noContent().build();
  }

  private static Passport passport(String id, PassportStore store) throws IOException {
    byte[] bytes = store.read(id).orElseThrow(() -> ApiException.notFound("no passport " + id));
    try {
      return PassportJson.read(bytes);
    } catch (PassportJson.UnreadablePassportException e) {
      throw new ApiException(422, "Damaged passport", "passport " + id + " cannot be read: " + e.getMessage());
    }
  }

  private static void checkId(String id) {
    if (!PassportId.isValid(id)) {
      throw ApiException.badRequest("'" + id + "' is not a passport id (e.g. 20261126T152233Z-3f9a1c2b)");
    }
  }

  @GET
  @Operation(summary = "Passports newest first; pass the returned 'next' as 'before' for the next page")
  @APIResponse(responseCode = "200", description = "A page of passports",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PassportStore.Page.class)))
  @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
  public PassportStore.Page list(@QueryParam("limit") String limit, @QueryParam("before") String before)
      throws IOException {
    if (before != null && !PassportId.isValid(before)) {
      throw ApiException.badRequest("before: '" + before + "' is not a passport id");
    }
    return store.list(limit(limit), before);
  }

  @GET
  @Path("latest")
  @Operation(summary = "The newest complete passport")
  @APIResponse(responseCode = "200", description = "The passport (its schema: GET /passports/schema)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = SCHEMA_PATH)))
  @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
  public Response latest() throws IOException {
    return streamed(store.openLatest().orElseThrow(() -> ApiException.notFound("no passport has been written yet")));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One passport by id")
  @APIResponse(responseCode = "200", description = "The passport (its schema: GET /passports/schema)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = SCHEMA_PATH)))
  @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
  @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
  public Response passport(@PathParam("id") String id) throws IOException {
    checkId(id);
    return streamed(store.open(id).orElseThrow(() -> ApiException.notFound("no passport " + id)));
  }

  /**
   * The checked file sent by the kernel ({@code sendfile}): a large passport is never buffered,
   * not in the heap and not in direct memory, however many clients read it at once.
   */
  private static Response streamed(PassportFile file) {
    return Response.ok(file.path(), MediaType.APPLICATION_JSON_TYPE).build();
  }

  @GET
  @Path("{id}/percentiles")
  @Operation(summary = "The latency percentile curve of one variant of passport {id}, from its histogram")
  @APIResponse(responseCode = "200", description = "The curve",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PercentileCurve.class)))
  @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
  @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
  @APIResponse(responseCode = "422", ref = ApiDocument.DAMAGED)
  public PercentileCurve percentiles(
      @PathParam("id") String id, @QueryParam("endpoint") String endpoint, @QueryParam("variant") String variant)
      throws IOException {
    checkId(id);
    if (endpoint == null || variant == null) {
      throw ApiException.badRequest("endpoint and variant are required, e.g. ?endpoint=statements&variant=first-page");
    }
    Passport passport = passport(id, store);
    try {
      return PercentileCurve.of(passport, endpoint, variant)
          .orElseThrow(() -> ApiException.notFound("passport " + id + " has no variant " + endpoint + "/" + variant));
    } catch (IllegalArgumentException e) {
      throw new ApiException(422, "Damaged passport", "passport " + id + ": " + e.getMessage());
    }
  }

  @GET
  @Path("{id}/latency-log")
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(summary = "The latency interval log of passport {id}: every variant's one-second histograms in"
      + " HdrHistogram's HistogramLogWriter format (tagged endpoint/variant), for HistogramLogAnalyzer")
  @APIResponse(responseCode = "200", description = "The log",
      content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
  @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
  @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
  @APIResponse(responseCode = "422", ref = ApiDocument.DAMAGED)
  public Response latencyLog(@PathParam("id") String id) throws IOException {
    checkId(id);
    java.nio.file.Path log = store.latencyLog(id)
        .orElseThrow(() -> ApiException.notFound("passport " + id + " has no latency log"));
    return Response.ok(log.toFile(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
  }

  /** Where the passport's JSON Schema is served; OpenAPI refers to it for passport bodies. */
  static final String SCHEMA_PATH = "/passports/schema";

  @GET
  @Path("schema")
  @Produces("application/schema+json")
  @Operation(summary = "The JSON Schema every passport follows (draft 2020-12)")
  @APIResponse(responseCode = "200", description = "passport.schema.json")
  public Response schema() throws IOException {
    try (var in = PassportResource.class.getClassLoader().getResourceAsStream("passport.schema.json")) {
      if (in == null) {
        throw new IOException("passport.schema.json is missing from the application");
      }
      return Response.ok(in.readAllBytes(), "application/schema+json").build();
    }
  }

  private static int limit(String text) {
    return QueryLimits.parse(text, DEFAULT_LIMIT, MAX_LIMIT);
  }
}
