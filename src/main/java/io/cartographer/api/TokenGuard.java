package io.cartographer.api;

import io.cartographer.config.CartographerConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires {@code cartographer.api.token} as a bearer token on the resource methods marked
 * {@link ChangesSomething}: starting and cancelling a run, pinning and unpinning. It is bound to
 * the matched method rather than to path strings, so no spelling of a path the router accepts can
 * slip past it. The scheme name is matched case-insensitively (RFC 7235); the token comparison
 * takes constant time, so the token cannot be guessed byte by byte from response times.
 */
public class TokenGuard {

  private static final String SCHEME = "Bearer ";

  private final Optional<byte[]> token;

  public TokenGuard(CartographerConfig config) {
    this.token = config.api().token().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @ServerRequestFilter
  @ChangesSomething
  public Optional<Response> check(ContainerRequestContext request) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    byte[] given =
        header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
            ? header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8)
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
}
