package io.cartographer.passport;

import java.nio.file.Path;

/**
 * A separate process that pins {@code count} plans named {@code <prefix>-<i>} in a passport
 * directory as fast as it can; {@link SharedVolumeTest} runs two at once.
 */
public final class PinWriterProcess {

  public static void main(String[] args) throws Exception {
    PassportStore store = new PassportStore(Path.of(args[0]));
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    System.out.println("ready");
    System.out.flush();
    if (System.in.read() < 0) {
      return;
    }
    for (int i = 0; i < count; i++) {
      store.pin(prefix + "-" + i, "20260101T000000Z-" + String.format("%08x", i));
    }
  }
}
