package io.cartographer.demo;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What the demo answers with, computed once from the {@link MathLedger}: each block's JSON, the
 * statements body and the HTML page. Computing it takes a hundred milliseconds or more of a cold
 * JVM, so {@link #prepareInBackground} starts it on a thread of its own before the application
 * starts, and the routes take it when they are registered ({@link #prepared}), by when it is
 * usually done.
 *
 * <p>That thread makes plain bytes only ({@link Encoded}); the Vert.x buffers are made by the thread
 * that takes the content. Vert.x and Netty set up logging when their classes initialise, and the
 * main thread sets it up at the same time during start-up: a background thread that made a buffer
 * deadlocked start-up against it (each held one of JBoss LogManager's two initialisation locks).
 */
public final class DemoContent {

  private static FutureTask<Encoded> preparation;
  private static DemoContent taken;

  private final List<Buffer> blocks;
  private final StatementsBody statements;
  private final Buffer page;
  private final int statementCount;

  private DemoContent(Encoded encoded) {
    blocks = encoded.blocks().stream().map(Buffer::buffer).toList();
    statements = new StatementsBody(encoded.statements());
    page = Buffer.buffer(encoded.page());
    statementCount = encoded.statementCount();
  }

  static DemoContent of(MathLedger ledger) {
    return new DemoContent(Encoded.of(ledger));
  }

  /**
   * Starts computing the content on a daemon thread, to overlap the rest of start-up; a second
   * call does nothing. Nothing else changes: {@link #prepared} computes it anyway when this was
   * never called.
   */
  public static synchronized void prepareInBackground() {
    if (preparation == null) {
      FutureTask<Encoded> task = new FutureTask<>(() -> Encoded.of(MathLedger.generate()));
      Thread thread = new Thread(task, "cartographer-demo-content");
      thread.setDaemon(true);
      thread.start();
      preparation = task;
    }
  }

  /**
   * The content: the one prepared in the background (waited for), else computed now; the same
   * instance on every call after the first.
   */
  static synchronized DemoContent prepared() {
    if (taken == null) {
      taken = preparation == null ? of(MathLedger.generate()) : new DemoContent(awaitPreparation());
    }
    return taken;
  }

  private static Encoded awaitPreparation() {
    try {
      return preparation.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the demo's content was computed", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the demo's content could not be computed", e.getCause());
    }
  }

  List<Buffer> blocks() {
    return blocks;
  }

  StatementsBody statements() {
    return statements;
  }

  Buffer page() {
    return page;
  }

  int statementCount() {
    return statementCount;
  }

  /** The content as bytes, made with the JDK alone: what the background thread may compute. */
  record Encoded(
      List<byte[]> blocks, StatementsBody.Joined statements, byte[] page, int statementCount) {

    static Encoded of(MathLedger ledger) {
      return new Encoded(
          ledger.blocks().stream().map(Block::json).toList(),
          StatementsBody.Joined.of(ledger.statementJson()),
          LedgerPage.render(ledger).getBytes(StandardCharsets.UTF_8),
          ledger.statements().size());
    }
  }
}
