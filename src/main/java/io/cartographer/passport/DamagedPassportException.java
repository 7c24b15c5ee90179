package io.cartographer.passport;

import java.io.IOException;

/** The file under a passport's name is not a passport; the reason quotes none of its content. */
public final class DamagedPassportException extends IOException {

  private static final long serialVersionUID = 1L;

  public DamagedPassportException(String id, String reason) {
    super("passport " + id + " is damaged: " + reason);
  }
}
