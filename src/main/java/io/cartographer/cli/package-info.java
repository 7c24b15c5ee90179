/**
 * The command line of the same jar: {@code run} (one run, exit code by verdict), {@code compare},
 * {@code merge}, and no arguments for the long-running service; it prints and decides from the
 * passport records a run produced, never from re-parsed JSON. Depends on {@code run} and {@code passport}; nothing depends on
 * it.
 */
package io.cartographer.cli;
