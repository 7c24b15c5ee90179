package io.cartographer.load;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.vertx.core.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.x response parser over the bytes as they arrive: a state machine that reads the status
 * line and the headers it needs (Content-Length, Transfer-Encoding, Connection) without building
 * header objects, then hands the body on as slices of the buffers it was given, raw or de-chunked.
 * One per connection, reused for every response on it; it allocates nothing per response.
 *
 * <p>Anything that is not HTTP/1.x fails the response with {@link MalformedResponseException}:
 * a bad status line, a header line without a colon, a negative or conflicting Content-Length, a
 * chunk size that is not hex, lines longer than {@value #MAX_LINE} bytes or headers larger than
 * {@value #MAX_HEADER_BYTES} bytes in all.
 */
final class Http1ResponseParser {

  /** Longest status, header or chunk-size line accepted (Netty's and Vert.x's default is 8 KiB). */
  static final int MAX_LINE = 8192;

  /** Most bytes of status line and headers together, 1xx responses included. */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** What the parser reports, in order: the head, then the body's slices. */
  interface Receiver {
    /** The final (non-1xx) response's status line and headers are complete. */
    void head(int status, HttpVersion version);

    /**
     * A slice of the body, de-chunked: {@code length} bytes of {@code buffer} from {@code index}.
     *
     * @return {@code false} to stop reading: the exchange is over (its body broke a rule)
     */
    boolean body(ByteBuf buffer, int index, int length);
  }

  /** The response is not HTTP/1.x; the message says what was wrong, with no more than a sample. */
  static final class MalformedResponseException extends Exception {
    MalformedResponseException(String message) {
      super(message, null, false, false);
    }
  }

  private enum State {
    IDLE,
    STATUS_LINE,
    HEADERS,
    BODY_BY_LENGTH,
    BODY_UNTIL_CLOSE,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    STOPPED
  }

  private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);

  private final byte[] line = new byte[MAX_LINE];
  private int lineLength;
  private boolean lineOverflow;
  private State state = State.IDLE;
  private Receiver receiver;
  private boolean headRequest;
  private int headerBytes;
  private int status;
  private HttpVersion version;
  private long contentLength;
  private boolean chunked;
  private boolean otherTransferCoding;
  private boolean connectionClose;
  private boolean connectionKeepAlive;
  private long remaining;
  private boolean reusable;

  /**
   * Expects the response to a request just sent.
   *
   * @param head whether the request was a HEAD (its response has no body, whatever it says)
   */
  void expect(Receiver receiver, boolean head) {
    this.receiver = receiver;
    this.headRequest = head;
    headerBytes = 0;
    lineLength = 0;
    lineOverflow = false;
    startResponse();
  }

  /** Whether bytes are expected: a response was asked for and has not ended. */
  boolean awaitingResponse() {
    return state != State.IDLE && state != State.STOPPED;
  }

  /** Whether the bytes received so far are a response in progress rather than none at all. */
  boolean responseStarted() {
    return state != State.STATUS_LINE || lineLength > 0 || headerBytes > 0;
  }

  /** No more bytes are wanted for this response (its exchange ended early). */
  void stop() {
    state = State.STOPPED;
    receiver = null;
  }

  /**
   * The connection ended. A body delimited by the connection's end is then complete.
   *
   * @return whether that completed the response
   */
  boolean connectionClosed() {
    return state == State.BODY_UNTIL_CLOSE && complete();
  }

  /**
   * Whether the connection may carry another request after the completed response: keep-alive,
   * and the body's end was not the connection's end.
   */
  boolean reusable() {
    return reusable;
  }

  /**
   * Parses what {@code in} holds, up to the end of the response: bytes after it stay in {@code in}
   * (a server that answers unasked is not speaking HTTP/1.1; the caller decides). Bytes while no
   * response is expected are an error.
   *
   * @return whether the response is complete
   */
  boolean parse(ByteBuf in) throws MalformedResponseException {
    if (state == State.IDLE && in.isReadable()) {
      throw new MalformedResponseException("bytes received while no response was expected: " + sample(in));
    }
    boolean done = false;
    while (!done && in.isReadable()) {
      switch (state) {
        case STOPPED -> in.skipBytes(in.readableBytes());
        case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
          if (!readLine(in)) {
            return false;
          }
          done = onLine();
        }
        case BODY_BY_LENGTH, CHUNK_DATA -> {
          int n = (int) Math.min(remaining, in.readableBytes());
          if (!deliver(in, n)) {
            return false;
          }
          remaining -= n;
          if (remaining == 0) {
            if (state == State.CHUNK_DATA) {
              state = State.CHUNK_END;
            } else {
              done = complete();
            }
          }
        }
        case BODY_UNTIL_CLOSE -> {
          if (!deliver(in, in.readableBytes())) {
            return false;
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return done;
  }

  private boolean deliver(ByteBuf in, int n) {
    int index = in.readerIndex();
    in.skipBytes(n);
    if (!receiver.body(in, index, n)) {
      stop();
      in.skipBytes(in.readableBytes());
      return false;
    }
    return true;
  }

  private void startResponse() {
    state = State.STATUS_LINE;
    status = 0;
    version = null;
    contentLength = -1;
    chunked = false;
    otherTransferCoding = false;
    connectionClose = false;
    connectionKeepAlive = false;
  }

  /** Moves the bytes up to the next LF into {@link #line}; whether a whole line is there. */
  private boolean readLine(ByteBuf in) throws MalformedResponseException {
    int end = in.forEachByte(ByteProcessor.FIND_LF);
    int available = end < 0 ? in.readableBytes() : end - in.readerIndex();
    if (state == State.STATUS_LINE || state == State.HEADERS) {
      headerBytes += available + (end < 0 ? 0 : 1);
      if (headerBytes > MAX_HEADER_BYTES) {
        throw new MalformedResponseException("response headers larger than " + MAX_HEADER_BYTES + " bytes");
      }
    }
    int copied = Math.min(available, MAX_LINE - lineLength);
    in.readBytes(line, lineLength, copied);
    lineLength += copied;
    if (copied < available) {
      lineOverflow = true;
      in.skipBytes(available - copied);
    }
    if (end < 0) {
      return false;
    }
    in.skipBytes(1);
    if (lineOverflow) {
      throw new MalformedResponseException("a response line longer than " + MAX_LINE + " bytes");
    }
    if (lineLength > 0 && line[lineLength - 1] == '\r') {
      lineLength--;
    }
    return true;
  }

  /** Handles a whole line; whether it completed the response. */
  private boolean onLine() throws MalformedResponseException {
    int length = lineLength;
    lineLength = 0;
    switch (state) {
      case STATUS_LINE -> statusLine(length);
      case HEADERS -> {
        if (length == 0) {
          return headersDone();
        }
        header(length);
      }
      case CHUNK_SIZE -> chunkSize(length);
      case CHUNK_END -> {
        if (length != 0) {
          throw new MalformedResponseException("chunk data longer than its size: " + sample(length));
        }
        state = State.CHUNK_SIZE;
      }
      case TRAILERS -> {
        if (length == 0) {
          return complete();
        }
      }
      default -> throw new IllegalStateException(state.name());
    }
    return false;
  }

  /** {@code HTTP/1.x SSS reason}: the reason may be empty, the status is three digits. */
  private void statusLine(int length) throws MalformedResponseException {
    if (length < 12
        || !startsWith("HTTP/1.", length)
        || (line[7] != '0' && line[7] != '1')
        || line[8] != ' '
        || !isDigit(line[9]) || !isDigit(line[10]) || !isDigit(line[11])
        || (length > 12 && line[12] != ' ')) {
      throw new MalformedResponseException("not an HTTP/1.x status line: " + sample(length));
    }
    version = line[7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
    status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (status < 100) {
      throw new MalformedResponseException("status " + status + " is not an HTTP status");
    }
    state = State.HEADERS;
  }

  private void header(int length) throws MalformedResponseException {
    int colon = -1;
    for (int i = 0; i < length; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon <= 0 || line[colon - 1] == ' ' || line[colon - 1] == '\t') {
      throw new MalformedResponseException("not a header line: " + sample(length));
    }
    int from = colon + 1;
    int to = length;
    while (from < to && (line[from] == ' ' || line[from] == '\t')) {
      from++;
    }
    while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
      to--;
    }
    if (nameIs(CONTENT_LENGTH, colon)) {
      long value = decimal(from, to);
      if (value < 0 || (contentLength >= 0 && contentLength != value)) {
        throw new MalformedResponseException("invalid Content-Length: " + sample(length));
      }
      contentLength = value;
    } else if (nameIs(TRANSFER_ENCODING, colon)) {
      // The last coding decides how the body ends: chunked, or (any other) the connection's end.
      boolean lastIsChunked = endsWithToken(from, to, "chunked");
      chunked = lastIsChunked;
      otherTransferCoding = !lastIsChunked;
    } else if (nameIs(CONNECTION, colon)) {
      connectionClose |= hasToken(from, to, "close");
      connectionKeepAlive |= hasToken(from, to, "keep-alive");
    }
  }

  private boolean headersDone() throws MalformedResponseException {
    if (status == 101) {
      throw new MalformedResponseException("status 101: the server switched protocols, which a probe does not follow");
    }
    if (status < 200) {
      startResponse(); // 100 Continue, 103 Early Hints: the final response follows
      return false;
    }
    receiver.head(status, version);
    if (state == State.STOPPED) {
      return false;
    }
    if (headRequest || status == 204 || status == 304 || (!chunked && !otherTransferCoding && contentLength == 0)) {
      return complete();
    }
    if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (otherTransferCoding || contentLength < 0) {
      state = State.BODY_UNTIL_CLOSE;
    } else {
      remaining = contentLength;
      state = State.BODY_BY_LENGTH;
    }
    return false;
  }

  private void chunkSize(int length) throws MalformedResponseException {
    int end = length;
    for (int i = 0; i < length; i++) {
      if (line[i] == ';' || line[i] == ' ' || line[i] == '\t') {
        end = i;
        break;
      }
    }
    if (end == 0 || end > 15) {
      throw new MalformedResponseException("invalid chunk size: " + sample(length));
    }
    long size = 0;
    for (int i = 0; i < end; i++) {
      int digit = Character.digit(line[i], 16);
      if (digit < 0) {
        throw new MalformedResponseException("invalid chunk size: " + sample(length));
      }
      size = size * 16 + digit;
    }
    if (size == 0) {
      state = State.TRAILERS;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
  }

  /** Ends the response; always {@code true}, for the callers' convenience. */
  private boolean complete() {
    reusable = state != State.BODY_UNTIL_CLOSE
        && !connectionClose
        && (version == HttpVersion.HTTP_1_1 || connectionKeepAlive);
    state = State.IDLE;
    receiver = null;
    return true;
  }

  private long decimal(int from, int to) {
    if (from == to || to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      if (!isDigit(line[i])) {
        return -1;
      }
      value = value * 10 + (line[i] - '0');
    }
    return value;
  }

  private boolean nameIs(byte[] lowerCaseName, int nameLength) {
    if (nameLength != lowerCaseName.length) {
      return false;
    }
    for (int i = 0; i < nameLength; i++) {
      if (lowerCase(line[i]) != lowerCaseName[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the comma-separated list in {@code line[from, to)} holds {@code token}. */
  private boolean hasToken(int from, int to, String token) {
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || line[i] == ',') {
        if (tokenAt(start, i, token)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private boolean endsWithToken(int from, int to, String token) {
    int start = from;
    for (int i = to - 1; i >= from; i--) {
      if (line[i] == ',') {
        start = i + 1;
        break;
      }
    }
    return tokenAt(start, to, token);
  }

  private boolean tokenAt(int from, int to, String token) {
    while (from < to && (line[from] == ' ' || line[from] == '\t')) {
      from++;
    }
    while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
      to--;
    }
    if (to - from != token.length()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (lowerCase(line[from + i]) != token.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean startsWith(String prefix, int length) {
    if (length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (line[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static int lowerCase(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }

  /** The first bytes of the current line, printable ASCII only, for an error message. */
  private String sample(int length) {
    return printable(line, length, 80);
  }

  private static String sample(ByteBuf in) {
    byte[] head = new byte[Math.min(in.readableBytes(), 40)];
    in.getBytes(in.readerIndex(), head);
    return printable(head, head.length, 40);
  }

  private static String printable(byte[] bytes, int length, int limit) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(length, limit); i++) {
      char c = (char) (bytes[i] & 0xff);
      text.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return "'" + text + (length > limit ? "…" : "") + "'";
  }
}
