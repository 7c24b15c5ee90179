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

/** Starts runs and reports their progress. */
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
  public Response start(String planText)
      throws RunInProgressException, InvalidPlanException, java.io.IOException, PlanOverrideRefusedException {
    RunStatus status = runs.start("http", RunCoordinator.RunOptions.withPlanText(planText)).status();
    return Response.accepted(status).location(URI.create("/runs/" + status.id())).build();
  }

  @GET
  @Path("runs/current")
  @Operation(summary = "The run in progress: 200 with its status, 204 when none is")
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
  public RunStatus status(@PathParam("id") String id) {
    checkRunId(id);
    return runs.status(id).orElseThrow(() -> ApiException.notFound("no run " + id + " is known"));
  }
}
