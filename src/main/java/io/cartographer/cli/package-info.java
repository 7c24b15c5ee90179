/**
 * The command line of the same jar: {@code run} (one run, exit code by verdict), and no arguments
 * for the long-running service. Depends on {@code run} and {@code passport}; nothing depends on
 * it.
 */
package io.cartographer.cli;
