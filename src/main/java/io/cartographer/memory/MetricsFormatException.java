package io.cartographer.memory;

/**
 * Metrics text that cannot give the figure asked for: the text is not valid exposition format, or
 * the selected series is missing from it or not a finite number.
 *
 * <p>Checked, because the text always comes from the network: every caller must turn the failure
 * into a reason ("not measured: ...") instead of letting it escape a sampling loop. One type for
 * both "malformed" and "missing" keeps that to a single catch. When the problem sits on one line,
 * the message starts with its 1-based number ({@code line 7: invalid label name '1x'}) so an
 * operator can find it in the target's output.
 */
public final class MetricsFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final String problem;

  /**
   * A problem on one line of the text.
   *
   * @param line 1-based line number, or 0 when the problem is not on one line
   * @param problem what is wrong, without the line number
   */
  public MetricsFormatException(int line, String problem) {
    super(line > 0 ? "line " + line + ": " + problem : problem);
    this.line = line;
    this.problem = problem;
  }

  /** A problem with the text as a whole, or with what was selected from it. */
  public MetricsFormatException(String problem) {
    this(0, problem);
  }

  /** The 1-based line the problem is on, or 0 when it is not on one line. */
  public int line() {
    return line;
  }

  /** What is wrong, without the line number. */
  public String problem() {
    return problem;
  }
}
