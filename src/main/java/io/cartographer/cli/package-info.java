/**
 * The command line of the same jar, on picocli: one command class per command ({@code run},
 * {@code probe}, {@code validate}, {@code compare}, {@code merge}, {@code serve}, {@code version})
 * declares its options; {@link io.cartographer.cli.CartographerMain} parses the arguments before
 * the application starts (help, version, {@code validate} and usage errors need none), then runs
 * the command in it. It prints and decides from the passport records a run produced, never from
 * re-parsed JSON. Depends on {@code run} and {@code passport}; nothing depends on it.
 */
package io.cartographer.cli;
