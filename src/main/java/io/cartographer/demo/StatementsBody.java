package io.cartographer.demo;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The body of {@code /demo/statements}, serialized once. The statements' JSON lies end to end,
 * comma-separated, in one byte array, and {@code ends[n]} marks where the first n end, so the first
 * n statements are a prefix of that array. A response is then a tiny head, a slice sharing the
 * array and a fixed tail: even the full 1.2 MB body costs neither JSON building nor a copy per
 * request.
 */
final class StatementsBody {

  /** Per instance, not static: a native image may not hold Vert.x buffers made at build time. */
  private final Buffer tail = Buffer.buffer("]}");
  private final Buffer statements;
  private final int[] ends;

  StatementsBody(Joined joined) {
    statements = Buffer.buffer(joined.json());
    ends = joined.ends();
  }

  /** How many statements a response can hold at most. */
  int size() {
    return ends.length - 1;
  }

  /**
   * The buffers that, written in order, form {@code {"count":n,"statements":[...]}} with the first
   * {@code n} statements.
   *
   * @param n from 0 to {@link #size()}
   */
  List<Buffer> first(int n) {
    return List.of(
        Buffer.buffer("{\"count\":" + n + ",\"statements\":["), statements.slice(0, ends[n]), tail);
  }

  /**
   * The statements' JSON end to end, comma-separated, and where each ends: plain bytes, so that a
   * thread may join them before Vert.x has started ({@link DemoContent}).
   *
   * @param ends {@code ends[n]} is where the first n statements end in {@code json}
   */
  record Joined(byte[] json, int[] ends) {

    /** @param all each statement's JSON, in id order */
    static Joined of(List<byte[]> all) {
      ByteArrayOutputStream json = new ByteArrayOutputStream(all.size() * 128);
      int[] ends = new int[all.size() + 1];
      for (int i = 0; i < all.size(); i++) {
        if (i > 0) {
          json.write(',');
        }
        json.writeBytes(all.get(i));
        ends[i + 1] = json.size();
      }
      return new Joined(json.toByteArray(), ends);
    }
  }
}
