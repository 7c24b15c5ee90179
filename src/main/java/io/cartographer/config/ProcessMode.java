package io.cartographer.config;

/**
 * Whether this process runs one command and exits (a one-shot {@code run}, {@code compare},
 * {@code merge}) rather than as a service. The entry point sets it before the application starts,
 * as a system property deliberately outside the {@code cartographer.} prefix, where unknown
 * properties fail configuration validation.
 */
public final class ProcessMode {

  public static final String ONE_SHOT_PROPERTY = "io.cartographer.one-shot";
  /** Set for a {@code probe} without {@code --passport-dir}: its passport is not kept. */
  public static final String PASSPORT_NOT_KEPT_PROPERTY = "io.cartographer.passport-not-kept";

  private ProcessMode() {}

  public static boolean oneShot() {
    return Boolean.getBoolean(ONE_SHOT_PROPERTY);
  }

  public static boolean passportKept() {
    return !Boolean.getBoolean(PASSPORT_NOT_KEPT_PROPERTY);
  }
}
