package io.cartographer.api;

import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Serves stored passports; the files are returned as written. */
@Path("/passports")
@Produces(MediaType.APPLICATION_JSON)
public class PassportResource {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 500;

  private final PassportStore store;

  public PassportResource(PassportStore store) {
    this.store = store;
  }

  @GET
  @Operation(summary = "Passports newest first; pass the returned 'next' as 'before' for the next page")
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
  public byte[] latest() throws IOException {
    return store.latest().orElseThrow(() -> ApiException.notFound("no passport has been written yet"));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One passport by id")
  public byte[] passport(@PathParam("id") String id) throws IOException {
    if (!PassportId.isValid(id)) {
      throw ApiException.badRequest("'" + id + "' is not a passport id (e.g. 20261126T152233Z-3f9a1c2b)");
    }
    return store.read(id).orElseThrow(() -> ApiException.notFound("no passport " + id));
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("limit: must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'");
  }
}
