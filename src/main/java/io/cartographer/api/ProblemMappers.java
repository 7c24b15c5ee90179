package io.cartographer.api;

import io.cartographer.plan.InvalidPlanException;
import io.cartographer.plan.PlanProblem;
import io.cartographer.run.PlanOverrideRefusedException;
import io.cartographer.run.RunInProgressException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure of a request into a problem body; stack traces stay in the log. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return respond(e.problem);
  }

  @ServerExceptionMapper
  public Response busy(RunInProgressException e) {
    return respond(new Problem("Run in progress", 409, e.getMessage(), e.runningId(), null));
  }

  @ServerExceptionMapper
  public Response refused(PlanOverrideRefusedException e) {
    return respond(Problem.of(403, "Plan refused", e.getMessage()));
  }

  @ServerExceptionMapper
  public Response invalidPlan(InvalidPlanException e) {
    return respond(
        new Problem(
            "Invalid plan",
            422,
            (e.source().equals(io.cartographer.run.PlanSource.OVERRIDE_SOURCE) ? "the plan sent with the request" : "the configured plan")
                + " cannot be run; fix every problem listed",
            null,
            e.problems().stream().map(PlanProblem::toString).toList()));
  }

  @ServerExceptionMapper
  public Response damaged(io.cartographer.passport.DamagedPassportException e) {
    return respond(Problem.of(422, "Damaged passport", e.getMessage()));
  }

  /**
   * The reason stays in the log: it names paths of the volume, which callers need not learn. A
   * request body cut off by the server's size limit surfaces here too, after Vert.x has already
   * answered 413: that is not a storage failure, and there is nothing more to write.
   */
  @ServerExceptionMapper
  public Response storage(java.io.IOException e, io.vertx.core.http.HttpServerResponse response) {
    if (response.headWritten()) {
      LOG.debugf("request failed after its answer was written: %s", e.getMessage());
      return null;
    }
    LOG.warn("passport directory failed", e);
    return respond(Problem.of(503, "Passport directory unavailable",
        "the passport directory cannot be used now; the server log says why"));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return respond(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()));
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e) {
    LOG.error("request failed", e);
    return respond(Problem.of(500, "Internal error", "the request failed; the server log says why"));
  }

  private static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
