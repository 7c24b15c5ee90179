package io.cartographer.plan;

/** The HTTP version a plan asks the probe to speak to its target. */
public enum HttpProtocol {
  /** HTTP/1.1, one request at a time per connection (the default). */
  HTTP_1_1("1.1"),
  /** HTTP/2: negotiated by ALPN over https, with prior knowledge (h2c, no upgrade) over http. */
  HTTP_2("2");

  private final String label;

  HttpProtocol(String label) {
    this.label = label;
  }

  /** As written in plans and passports: {@code 1.1} or {@code 2}. */
  public String label() {
    return label;
  }

  /** The version labelled {@code text}, or {@code null} when there is none. */
  static HttpProtocol of(String text) {
    for (HttpProtocol p : values()) {
      if (p.label.equals(text)) {
        return p;
      }
    }
    return null;
  }
}
