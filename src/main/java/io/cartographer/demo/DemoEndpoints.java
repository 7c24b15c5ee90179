package io.cartographer.demo;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The handlers of the demo target. They run on the event loop, so each one only parses its input
 * and picks bytes computed in the constructor; only {@code /metrics} builds its text per request.
 */
final class DemoEndpoints {

  private static final String JSON = "application/json";
  private static final String HTML = "text/html; charset=utf-8";
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");

  private final List<Buffer> blocks;
  private final StatementsBody statements;
  private final Buffer page;
  private final DemoMetrics metrics;
  // Buffers are made per instance, never in static fields: a native image builds static fields
  // into its heap at build time, and Vert.x's buffers may only be made at run time.
  private final Buffer health = Buffer.buffer("{\"status\":\"UP\"}");
  private final Buffer heartbeat = Buffer.buffer("{\"status\":\"alive\"}");

  private final DemoFaults faults;

  DemoEndpoints(DemoContent content, DemoFaults faults) {
    this.faults = faults;
    blocks = content.blocks();
    statements = content.statements();
    page = content.page();
    metrics = new DemoMetrics(Path.of("/proc/self/status"), blocks.size(), content.statementCount());
  }

  /** Adds the routes under {@code basePath}; other paths below it are left to the router's 404. */
  void registerOn(Router router, String basePath) {
    Buffer latestBlock = blocks.get(blocks.size() - 1);
    get(router, basePath + "/health", ctx -> send(ctx, 200, JSON, health));
    get(router, basePath + "/heartbeat", ctx -> send(ctx, 200, JSON, heartbeat));
    // Registered before /blocks/:height, so "latest" never reaches the height parser.
    get(router, basePath + "/blocks/latest", ctx -> send(ctx, 200, JSON, latestBlock));
    get(router, basePath + "/blocks/:height", this::block);
    get(router, basePath + "/statements", this::statements);
    get(router, basePath + "/ui", ctx -> send(ctx, 200, HTML, page));
    get(
        router,
        basePath + "/metrics",
        ctx -> send(ctx, 200, DemoMetrics.CONTENT_TYPE, Buffer.buffer(metrics.scrape())));
  }

  private void get(Router router, String path, Handler<RoutingContext> handler) {
    router
        .get(path)
        .handler(
            ctx -> {
              metrics.countRequest();
              faults.requestServed();
              handler.handle(ctx);
            });
  }

  private void block(RoutingContext ctx) {
    String height = ctx.pathParam("height");
    if (!WHOLE_NUMBER.matcher(height).matches()) {
      send(ctx, 400, JSON, error("height must be a whole number, got '" + height + "'"));
      return;
    }
    // Negative numbers and numbers past nine digits (which would overflow an int) are no height.
    int index = height.startsWith("-") || height.length() > 9 ? -1 : Integer.parseInt(height);
    if (index >= 0 && index < blocks.size()) {
      send(ctx, 200, JSON, blocks.get(index));
    } else {
      send(ctx, 404, JSON, error("no block at height " + height));
    }
  }

  private void statements(RoutingContext ctx) {
    List<String> limits = ctx.queryParam("limit");
    int limit;
    try {
      limit = StatementLimit.parse(limits.isEmpty() ? null : limits.get(0));
    } catch (IllegalArgumentException e) {
      send(ctx, 400, JSON, error(e.getMessage()));
      return;
    }
    send(ctx, 200, JSON, statements.first(limit));
  }

  private static Buffer error(String message) {
    return new JsonObject().put("error", message).toBuffer();
  }

  private static void send(RoutingContext ctx, int status, String contentType, Buffer body) {
    send(ctx, status, contentType, List.of(body));
  }

  /** Writes the parts as one body with a known length, so no part is copied into another. */
  private static void send(RoutingContext ctx, int status, String contentType, List<Buffer> parts) {
    HttpServerResponse response =
        ctx.response()
            .setStatusCode(status)
            .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
            .putHeader(
                HttpHeaders.CONTENT_LENGTH,
                Integer.toString(parts.stream().mapToInt(Buffer::length).sum()));
    for (Buffer part : parts.subList(0, parts.size() - 1)) {
      response.write(part);
    }
    response.end(parts.get(parts.size() - 1));
  }
}
