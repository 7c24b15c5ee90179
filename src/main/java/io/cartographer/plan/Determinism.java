package io.cartographer.plan;

import java.util.List;

/**
 * Whether a variant's response bodies are compared for sameness, and which JSON fields to leave
 * out of the comparison (timestamps, request ids).
 *
 * @param check {@code false} skips the comparison; the result then says so
 * @param ignoreFields top-level or nested JSON field names removed before digesting, at any depth
 */
public record Determinism(boolean check, List<String> ignoreFields) {

  public static final Determinism DIGEST_BODIES = new Determinism(true, List.of());

  public Determinism {
    ignoreFields = List.copyOf(ignoreFields);
  }
}
