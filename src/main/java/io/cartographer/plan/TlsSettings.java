package io.cartographer.plan;

import java.nio.file.Path;

/**
 * Which server certificates the probe trusts over https. By default the JVM's trusted CAs, with
 * the host name checked against the certificate.
 *
 * @param trustAll accept any certificate and skip the host name check (test targets only)
 * @param caFile a PEM file of CA certificates trusted instead of the JVM's, or {@code null}; the
 *     host name is still checked
 */
public record TlsSettings(boolean trustAll, Path caFile) {

  /** The JVM's trusted CAs, host name checked. */
  public static final TlsSettings DEFAULT = new TlsSettings(false, null);

  public TlsSettings {
    if (trustAll && caFile != null) {
      throw new IllegalArgumentException("trust-all and a CA file exclude each other");
    }
  }
}
