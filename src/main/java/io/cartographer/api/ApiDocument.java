package io.cartographer.api;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * What the OpenAPI document says once for every resource: the bearer scheme that guards changes
 * ({@link TokenGuard}) and the error answers, each an {@code application/problem+json} {@link
 * Problem}, which the resources refer to by name ({@code ref = ApiDocument.NOT_FOUND}). It is
 * the JAX-RS {@code Application} because that is where SmallRye OpenAPI reads the definition; it
 * changes no path.
 */
@OpenAPIDefinition(
    info = @Info(title = "Cartographer API", version = "1"),
    components = @Components(
        securitySchemes = @SecurityScheme(securitySchemeName = ApiDocument.BEARER, type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            description = "cartographer.api.token, when set: needed by every request that changes something"),
        responses = {
          @APIResponse(name = ApiDocument.BAD_REQUEST, description = "A malformed id, or a query parameter missing or malformed",
              content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
          @APIResponse(name = ApiDocument.UNAUTHORIZED, description = "A token is configured and the request has none, or another",
              content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
          @APIResponse(name = ApiDocument.NOT_FOUND, description = "Nothing by that id (detail says what)",
              content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
          @APIResponse(name = ApiDocument.DAMAGED, description = "The passport's file is damaged",
              content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
          @APIResponse(name = ApiDocument.PROBLEM, description = "The request cannot be served (detail says why)",
              content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        }))
public class ApiDocument extends jakarta.ws.rs.core.Application {

  public static final String BEARER = "bearer";
  static final String BAD_REQUEST = "BadRequest";
  static final String UNAUTHORIZED = "Unauthorized";
  static final String NOT_FOUND = "NotFound";
  static final String DAMAGED = "DamagedPassport";
  static final String PROBLEM = "Problem";

}
