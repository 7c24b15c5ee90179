package io.cartographer.api;

import io.cartographer.config.CartographerConfig;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires {@code cartographer.api.token} as a bearer token on the requests that change
 * something: starting a run, pinning and unpinning. The comparison takes constant time, so the
 * token cannot be guessed byte by byte from response times.
 */
public class TokenGuard {

  private final Optional<byte[]> token;

  public TokenGuard(CartographerConfig config) {
    this.token = config.api().token().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @ServerRequestFilter
  public Optional<Response> check(ContainerRequestContext request) {
    if (token.isEmpty() || !changesSomething(request)) {
      return Optional.empty();
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (MessageDigest.isEqual(given, token.get())) {
      return Optional.empty();
    }
    Problem problem =
        Problem.of(401, "Unauthorized", "this endpoint needs 'Authorization: Bearer <cartographer.api.token>'");
    return Optional.of(
        Response.status(401)
            .type(Problem.MEDIA_TYPE)
            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
            .entity(problem)
            .build());
  }

  private static boolean changesSomething(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    String method = request.getMethod();
    return (HttpMethod.POST.equals(method) && path.equals("/run"))
        || ((HttpMethod.POST.equals(method) || HttpMethod.DELETE.equals(method)) && path.endsWith("/pin"));
  }
}
