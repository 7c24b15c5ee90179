package io.cartographer.api;

import io.cartographer.plan.InvalidPlanException;
import io.cartographer.run.RunCoordinator;
import io.cartographer.run.RunInProgressException;
import io.cartographer.run.RunStatus;
import io.cartographer.run.PlanOverrideRefusedException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Starts runs and reports their progress. The OpenAPI annotations document every status these
 * methods answer with and its body ({@code OpenApiTest} compares them with real answers); errors
 * are {@link Problem}s as {@code application/problem+json}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

  private final RunCoordinator runs;

  public RunResource(RunCoordinator runs) {
    this.runs = runs;
  }

  @POST
  @Path("run")
  @ChangesSomething
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary = "Start a run of the configured plan, or of the plan in the body when the service allows"
          + " plan overrides; 409 while another run is in progress")
  @SecurityRequirement(name = ApiDocument.BEARER)
  @RequestBody(required = false, description = "A plan (YAML or JSON), only with cartographer.run.allow-plan-override",
      content = @Content(mediaType = "application/yaml", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
  @APIResponse(responseCode = "202", description = "Started; Location names the run",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunStatus.class)))
  @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
  @APIResponse(responseCode = "403", description = "A plan was sent but overrides are off, or it names a host or cap not allowed", ref = ApiDocument.PROBLEM)
  @APIResponse(responseCode = "409", description = "Another run is in progress (running_id)", ref = ApiDocument.PROBLEM)
  @APIResponse(responseCode = "413", description = "The body is larger than quarkus.http.limits.max-body-size")
  @APIResponse(responseCode = "422", description = "The plan is invalid (problems lists every one)", ref = ApiDocument.PROBLEM)
  @APIResponse(responseCode = "503", description = "The passport directory is not writable", ref = ApiDocument.PROBLEM)
  public Response start(String planText)
      throws RunInProgressException, InvalidPlanException, java.io.IOException, PlanOverrideRefusedException {
    RunStatus status = runs.start("http", RunCoordinator.RunOptions.withPlanText(planText)).status();
    return Response.accepted(status).location(URI.create("/runs/" + status.id())).build();
  }

  @GET
  @Path("runs/current")
  @Operation(summary = "The run in progress: 200 with its status, 204 when none is")
  @APIResponse(responseCode = "200", description = "A run is in progress",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunStatus.class)))
  @APIResponse(responseCode = "204", description = "No run is in progress")
  public Response current() {
    return runs.running()
        .flatMap(runs::status)
        .map(status -> Response.ok(status).build())
        .orElseGet(() -> Response.noContent().build());
  }

  @DELETE
  @Path("runs/{id}")
  @ChangesSomething
  @Operation(summary = "Cancel the run in progress: 202 while it stops and stores an aborted passport")
  @SecurityRequirement(name = ApiDocument.BEARER)
  @APIResponse(responseCode = "202", description = "Stopping",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunStatus.class)))
  @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
  @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
  @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
  @APIResponse(responseCode = "409", description = "The run has already ended", ref = ApiDocument.PROBLEM)
  public Response cancel(@PathParam("id") String id) {
    checkRunId(id);
    return switch (runs.cancel(id, "cancelled by DELETE /runs/" + id)) {
      case STOPPING -> Response.accepted(runs.status(id).orElseThrow()).build();
      case ENDED -> throw new ApiException(409, "Run not in progress", "run " + id + " has already ended");
      case UNKNOWN -> throw ApiException.notFound("no run " + id + " is known");
    };
  }

  private static void checkRunId(String id) {
    if (!io.cartographer.passport.PassportId.isValidRunId(id)) {
      throw ApiException.badRequest("'" + id + "' is not a run id (8 hex digits)");
    }
  }

  @GET
  @Path("runs/{id}")
  @Operation(summary = "State and progress of a run")
  @APIResponse(responseCode = "200", description = "The run's state",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunStatus.class)))
  @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
  @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
  public RunStatus status(@PathParam("id") String id) {
    checkRunId(id);
    return runs.status(id).orElseThrow(() -> ApiException.notFound("no run " + id + " is known"));
  }
}
