package io.cartographer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An error body in the shape of RFC 9457 ({@code application/problem+json}): what went wrong in
 * words, never a stack trace.
 *
 * @param runningId with 409: the run that holds the slot
 * @param problems with 422: every problem of an invalid plan, as {@code path: message}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String title, int status, String detail, String runningId, List<String> problems) {

  public static final String MEDIA_TYPE = "application/problem+json";

  static Problem of(int status, String title, String detail) {
    return new Problem(title, status, detail, null, null);
  }
}
