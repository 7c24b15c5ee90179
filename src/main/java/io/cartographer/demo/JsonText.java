package io.cartographer.demo;

/**
 * JSON strings written by hand, byte for byte as Jackson writes them: only quotes, backslashes,
 * control characters and UTF-16 surrogates escaped. The demo encodes its whole ledger once at
 * start-up, where a generic encoder's cold path costs far more than the encoding.
 */
final class JsonText {

  private JsonText() {}

  /** Appends {@code value} as a quoted JSON string. */
  static void appendString(StringBuilder text, String value) {
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        case '\b' -> text.append("\\b");
        case '\f' -> text.append("\\f");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) {
            text.append(String.format("\\u%04X", (int) c));
          } else {
            text.append(c);
          }
        }
      }
    }
    text.append('"');
  }
}
