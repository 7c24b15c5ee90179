package io.cartographer.plan;

/**
 * How the probe connects to the target: which certificates it trusts and which HTTP version it
 * speaks. Plan-wide, like the base URL.
 *
 * @param tls trust settings for https targets (and an https metrics endpoint)
 * @param httpVersion the HTTP version asked for; over https the server may still answer with
 *     HTTP/1.1 through ALPN, which the passport's {@code http_versions} shows
 */
public record TargetConnection(TlsSettings tls, HttpProtocol httpVersion) {

  /** HTTP/1.1, the JVM's trusted CAs. */
  public static final TargetConnection DEFAULT =
      new TargetConnection(TlsSettings.DEFAULT, HttpProtocol.HTTP_1_1);

  public TargetConnection {
    tls = tls == null ? TlsSettings.DEFAULT : tls;
    httpVersion = httpVersion == null ? HttpProtocol.HTTP_1_1 : httpVersion;
  }
}
