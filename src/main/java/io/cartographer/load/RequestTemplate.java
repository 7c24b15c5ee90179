package io.cartographer.load;

import io.cartographer.plan.Determinism;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;

/** Everything needed to send a variant's request, built once per variant, shared by its lanes. */
record RequestTemplate(
    VertxInternal vertx,
    HttpClient client,
    RequestOptions options,
    Buffer body,
    int expectedStatus,
    long timeoutMillis,
    long maxBodyBytes,
    Determinism determinism) {}
