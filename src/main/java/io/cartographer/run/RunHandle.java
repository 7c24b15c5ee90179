package io.cartographer.run;

import io.cartographer.load.LiveCounters;
import io.cartographer.load.StopSignal;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The live state of one run, written by the thread executing it and read by any other (progress
 * lines, the API). Every field is volatile or published through one; readers get a consistent
 * enough view for progress, and the final fields are set before {@code state} leaves RUNNING.
 */
final class RunHandle {

  final String id;
  final String trigger;
  final Instant startedAt = Instant.now();
  private volatile RunState state = RunState.RUNNING;
  private volatile Instant finishedAt;
  private volatile int variantsTotal;
  private volatile int variantsDone;
  private volatile String currentVariant;
  private volatile LiveCounters current = new LiveCounters();
  private volatile long currentStartNanos = System.nanoTime();
  private volatile long requestsBefore;
  private volatile long errorsBefore;
  private volatile String passportId;
  private volatile Path passportPath;
  private volatile io.cartographer.verdict.Verdict verdict;
  private volatile io.cartographer.passport.Passport passport;
  private volatile String error;
  final StopSignal stop = new StopSignal();
  /** Completes with the last status once the run has ended, whichever way. */
  final java.util.concurrent.CompletableFuture<RunCoordinator.Ended> ended = new java.util.concurrent.CompletableFuture<>();

  RunHandle(String id, String trigger) {
    this.id = id;
    this.trigger = trigger;
  }

  void planned(int variants) {
    variantsTotal = variants;
  }

  /** Starts counting a new variant; returns the counters the load engine should update. */
  LiveCounters variantStarted(String key) {
    LiveCounters previous = current;
    requestsBefore += previous.completed();
    errorsBefore += previous.failed();
    LiveCounters next = new LiveCounters(stop);
    currentStartNanos = System.nanoTime();
    current = next;
    currentVariant = key;
    return next;
  }

  void variantFinished() {
    variantsDone++;
  }

  void done(io.cartographer.passport.Passport stored, Path passportPath) {
    this.passport = stored;
    end(RunState.DONE, stored.id(), passportPath, stored.summary().verdict(), null);
  }

  /** Asks the run to stop early; it then stores what it measured as an aborted passport. */
  void abort(String why) {
    stop.request(why);
  }

  /** Stopped early; {@code passportId} is {@code null} when no variant ended. */
  void aborted(io.cartographer.passport.Passport stored, Path passportPath, String why) {
    this.passport = stored;
    end(RunState.ABORTED, stored == null ? null : stored.id(), passportPath, io.cartographer.verdict.Verdict.FAIL, why);
  }

  /** The stored passport once the run has ended with one, otherwise {@code null}. */
  io.cartographer.passport.Passport passport() {
    return passport;
  }

  void failed(String error) {
    end(RunState.FAILED, null, null, null, error);
  }

  /** The state is written last: whoever reads it as ended reads the rest too. */
  private void end(RunState ended, String passportId, Path passportPath, io.cartographer.verdict.Verdict verdict, String error) {
    this.passportId = passportId;
    this.passportPath = passportPath;
    this.verdict = verdict;
    this.error = error;
    this.currentVariant = null;
    this.finishedAt = Instant.now();
    this.state = ended;
  }

  RunState state() {
    return state;
  }

  RunStatus status() {
    LiveCounters live = current;
    double seconds = (System.nanoTime() - currentStartNanos) / 1e9;
    String variant = currentVariant;
    return new RunStatus(
        id,
        state,
        trigger,
        startedAt.toString(),
        finishedAt == null ? null : finishedAt.toString(),
        new RunStatus.Progress(
            variantsDone,
            variantsTotal,
            variant,
            requestsBefore + live.completed(),
            errorsBefore + live.failed(),
            variant == null || seconds <= 0 ? 0 : live.completed() / seconds),
        passportId,
        passportPath == null ? null : passportPath.toString(),
        verdict,
        error);
  }
}
