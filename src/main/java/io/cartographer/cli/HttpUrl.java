package io.cartographer.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** An http(s) URL with a host given on the command line ({@code probe URL}, {@code --push-gateway}). */
final class HttpUrl {

  private HttpUrl() {}

  /**
   * @param what how the error names the argument ({@code probe}, {@code --push-gateway})
   * @throws IllegalArgumentException saying what is wrong with {@code url}
   */
  static URI parse(String what, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(what + ": '" + url + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(what + ": '" + url + "' is not an http:// or https:// URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(what + ": '" + url + "' names no host");
    }
    return uri;
  }
}
