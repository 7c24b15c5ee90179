package io.cartographer.load;

import java.util.Locale;

/** Why a request did not count as a success. */
public enum ErrorKind {
  /** No complete response within the variant's timeout. */
  TIMEOUT,
  /** No connection: refused, unresolvable host, connect timeout. */
  CONNECT,
  /**
   * The TLS handshake failed or TLS broke later: an untrusted certificate, a host name the
   * certificate does not name, no common protocol, a plain-text server on an https URL.
   */
  TLS,
  /** The connection was reset or closed before the response was complete. */
  RESET,
  /** A complete response with a status other than the expected one. */
  STATUS,
  /** The response body broke a body rule (larger than {@code max-body}). */
  BODY,
  /** Anything else, such as a malformed response. */
  OTHER;

  /** The name used in passports and tables. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
