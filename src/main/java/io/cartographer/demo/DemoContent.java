package io.cartographer.demo;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What the demo answers with, computed once from the {@link MathLedger}: each block's JSON, the
 * statements body and the HTML page. Computing it takes a few hundred milliseconds of a cold JVM,
 * so {@link #prepareInBackground} starts it on a thread of its own before the application starts,
 * and the routes take it when they are registered ({@link #prepared}), by when it is usually done.
 */
public final class DemoContent {

  private static volatile FutureTask<DemoContent> preparation;

  private final List<Buffer> blocks;
  private final StatementsBody statements;
  private final Buffer page;
  private final int statementCount;

  private DemoContent(MathLedger ledger) {
    blocks = ledger.blocks().stream().map(b -> b.toJson().toBuffer()).toList();
    statements = new StatementsBody(ledger.statementJson());
    page = Buffer.buffer(LedgerPage.render(ledger).getBytes(StandardCharsets.UTF_8));
    statementCount = ledger.statements().size();
  }

  static DemoContent of(MathLedger ledger) {
    return new DemoContent(ledger);
  }

  /**
   * Starts computing the content on a daemon thread, to overlap the rest of start-up; a second
   * call does nothing. Nothing else changes: {@link #prepared} computes it anyway when this was
   * never called.
   */
  public static synchronized void prepareInBackground() {
    if (preparation == null) {
      FutureTask<DemoContent> task = new FutureTask<>(() -> of(MathLedger.generate()));
      Thread thread = new Thread(task, "cartographer-demo-content");
      thread.setDaemon(true);
      thread.start();
      preparation = task;
    }
  }

  /** The content: the one prepared in the background (waited for), else computed now. */
  static DemoContent prepared() {
    FutureTask<DemoContent> task = preparation;
    if (task == null) {
      return of(MathLedger.generate());
    }
    try {
      return task.get();
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
}
