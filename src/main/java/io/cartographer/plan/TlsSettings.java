package io.cartographer.plan;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
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

  /**
   * Applies these settings to a Vert.x client (the load's and the metrics sampler's): the host
   * name is checked unless everything is trusted.
   */
  public void applyTo(HttpClientOptions options) {
    options.setTrustAll(trustAll).setVerifyHost(!trustAll);
    applyTrustTo(options);
  }

  /** Applies these settings to a Vert.x TCP client (the lean HTTP/1.1 load path) as above. */
  public void applyTo(NetClientOptions options) {
    options.setTrustAll(trustAll).setHostnameVerificationAlgorithm(trustAll ? "" : "HTTPS");
    applyTrustTo(options);
  }

  private void applyTrustTo(ClientOptionsBase options) {
    if (caFile != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(caFile.toString()));
    }
  }
}
