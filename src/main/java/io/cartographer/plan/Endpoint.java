package io.cartographer.plan;

import java.util.List;

/** One endpoint of the target and the variants that probe it. */
public record Endpoint(String name, String path, List<Variant> variants) {

  public Endpoint {
    variants = List.copyOf(variants);
  }
}
