package io.cartographer.load;

import io.cartographer.plan.TargetConnection;
import io.cartographer.plan.Variant;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * The lean HTTP/1.1 transport, for plain and TLS targets: the request is encoded to bytes once per
 * variant, each connection is a Vert.x {@link NetClient} socket opened on, and only ever driven
 * from, the event loop of the lane or dispatcher that owns it, and responses are read by an
 * {@link Http1ResponseParser} straight from Netty's buffers. No HTTP client codec, pool, request or
 * header objects stand between the timed moments and the socket.
 */
final class Http1Transport implements Transport {

  private final NetClient client;
  private final SocketAddress address;
  /** The TLS server name (SNI and the host-name check), or {@code null} for plain text. */
  private final String serverName;
  private final ByteBuf request;
  private final boolean headRequest;

  Http1Transport(Vertx vertx, URI baseUrl, Variant variant, TargetConnection connection) {
    boolean tls = LoadEngine.tls(baseUrl);
    NetClientOptions options =
        new NetClientOptions()
            .setSsl(tls)
            .setTcpNoDelay(true)
            .setConnectTimeout(LoadEngine.connectTimeoutMillis(variant.load()));
    if (tls) {
      connection.tls().applyTo(options);
    }
    this.client = vertx.createNetClient(options);
    this.address = SocketAddress.inetSocketAddress(LoadEngine.port(baseUrl), baseUrl.getHost());
    this.serverName = tls ? baseUrl.getHost() : null;
    this.request = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(encode(baseUrl, variant)));
    this.headRequest = "HEAD".equals(variant.method());
  }

  /**
   * The request as it goes on the wire: request line, {@code Host} (unless the plan sets one), the
   * plan's headers, {@code Content-Length} for a body, and the body.
   */
  static byte[] encode(URI baseUrl, Variant variant) {
    String target = variant.pathAndQuery();
    requireNoControlCharacters("path", target, true);
    StringBuilder head = new StringBuilder(256);
    head.append(variant.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
    Map<String, String> headers = variant.headers();
    boolean hostSet = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("host"));
    if (!hostSet) {
      head.append("Host: ").append(hostHeader(baseUrl)).append("\r\n");
    }
    byte[] body = variant.body() == null ? null : variant.body().getBytes(StandardCharsets.UTF_8);
    headers.forEach(
        (name, value) -> {
          requireNoControlCharacters("header " + name, name, true);
          requireNoControlCharacters("header " + name, value, false);
          if (body == null || !name.equalsIgnoreCase("content-length")) {
            head.append(name).append(": ").append(value).append("\r\n");
          }
        });
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) {
      return headBytes;
    }
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  /** {@code host} or {@code host:port}, IPv6 literals in brackets, the scheme's default port left out. */
  private static String hostHeader(URI baseUrl) {
    String host = baseUrl.getHost();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    int port = LoadEngine.port(baseUrl);
    return port == (LoadEngine.tls(baseUrl) ? 443 : 80) ? host : host + ":" + port;
  }

  /** The plan loader refuses these already; a request line must never be split by one. */
  private static void requireNoControlCharacters(String what, String text, boolean noSpaces) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || (noSpaces && c == ' ')) {
        throw new IllegalArgumentException(what + " contains a line break, NUL or space");
      }
    }
  }

  NetClient client() {
    return client;
  }

  SocketAddress address() {
    return address;
  }

  String serverName() {
    return serverName;
  }

  /** A view of the encoded request for one write; the bytes themselves are shared. */
  ByteBuf request() {
    return request.duplicate();
  }

  boolean headRequest() {
    return headRequest;
  }

  @Override
  public Sender newSender() {
    return new Connections();
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  /**
   * One owner's connections: an idle one is reused, in the order they became idle, or a new one is
   * opened. The owner bounds how many exchanges it has in flight, and so how many connections.
   */
  final class Connections implements Sender {
    private final ArrayDeque<Http1Connection> idle = new ArrayDeque<>();

    @Override
    public void send(Exchange exchange) {
      Http1Connection connection = idle.pollFirst();
      if (connection == null) {
        connection = new Http1Connection(Http1Transport.this, this);
      }
      connection.send(exchange);
    }

    void idle(Http1Connection connection) {
      idle.addLast(connection);
    }

    void closed(Http1Connection connection) {
      idle.remove(connection);
    }
  }
}
