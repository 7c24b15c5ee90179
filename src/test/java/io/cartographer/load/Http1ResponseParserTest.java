package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.load.Http1ResponseParser.MalformedResponseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lean transport's response parser, fed whole and in every split a network can produce. */
class Http1ResponseParserTest {

  /** What a parse saw. */
  private static final class Seen implements Http1ResponseParser.Receiver {
    int status;
    HttpVersion version;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int heads;
    long stopAfter = Long.MAX_VALUE;

    @Override
    public void head(int status, HttpVersion version) {
      this.status = status;
      this.version = version;
      heads++;
    }

    @Override
    public boolean body(ByteBuf buffer, int index, int length) {
      byte[] bytes = new byte[length];
      buffer.getBytes(index, bytes);
      body.writeBytes(bytes);
      return body.size() <= stopAfter;
    }

    String text() {
      return body.toString(StandardCharsets.UTF_8);
    }
  }

  private static ByteBuf bytes(String text) {
    return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Parses {@code response} cut at {@code cut}, as two reads; whether it completed. */
  private static boolean parseSplit(Http1ResponseParser parser, Seen seen, String response, int cut, boolean head)
      throws MalformedResponseException {
    parser.expect(seen, head);
    boolean done = parser.parse(bytes(response.substring(0, cut)));
    if (done) {
      return true;
    }
    return parser.parse(bytes(response.substring(cut)));
  }

  private static void assertParsesAtEverySplit(String response, int status, String body, boolean reusable)
      throws MalformedResponseException {
    Http1ResponseParser parser = new Http1ResponseParser();
    for (int cut = 0; cut <= response.length(); cut++) {
      Seen seen = new Seen();
      assertTrue(parseSplit(parser, seen, response, cut, false), "complete when cut at " + cut);
      assertEquals(status, seen.status, "cut at " + cut);
      assertEquals(1, seen.heads, "one head, cut at " + cut);
      assertEquals(body, seen.text(), "cut at " + cut);
      assertEquals(reusable, parser.reusable(), "cut at " + cut);
    }
  }

  @Test
  void contentLengthBodyAtEverySplit() throws Exception {
    assertParsesAtEverySplit("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-length: 5\r\n\r\nhello", 200, "hello", true);
  }

  @Test
  void chunkedBodyWithExtensionsAndTrailersAtEverySplit() throws Exception {
    assertParsesAtEverySplit(
        "HTTP/1.1 201 Created\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n",
        201, "Wikipedia in\r\n\r\nchunks.", true);
  }

  @Test
  void interimResponsesAreSkipped() throws Exception {
    assertParsesAtEverySplit("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", 204, "", true);
  }

  @Test
  void connectionCloseAndHttp10DecideReuse() throws Exception {
    assertParsesAtEverySplit("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok", 200, "ok", false);
    assertParsesAtEverySplit("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 200, "ok", false);
    assertParsesAtEverySplit("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", 200, "ok", true);
  }

  @Test
  void aBodyWithoutLengthEndsWithTheConnection() throws Exception {
    Http1ResponseParser parser = new Http1ResponseParser();
    Seen seen = new Seen();
    parser.expect(seen, false);
    assertFalse(parser.parse(bytes("HTTP/1.1 200 OK\r\n\r\nuntil")));
    assertFalse(parser.parse(bytes(" the end")));
    assertTrue(parser.connectionClosed());
    assertEquals("until the end", seen.text());
    assertFalse(parser.reusable());
  }

  @Test
  void headAndNotModifiedResponsesHaveNoBodyWhateverTheySay() throws Exception {
    Http1ResponseParser parser = new Http1ResponseParser();
    Seen seen = new Seen();
    assertTrue(parseSplit(parser, seen, "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", 5, true));
    assertEquals(200, seen.status);
    Seen notModified = new Seen();
    assertTrue(parseSplit(parser, notModified, "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", 9, false));
    assertEquals("", notModified.text());
  }

  @Test
  void bytesAfterTheResponseAreLeftForTheCallerAndBytesUnaskedAreAnError() throws Exception {
    Http1ResponseParser parser = new Http1ResponseParser();
    parser.expect(new Seen(), false);
    ByteBuf in = bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 200 OK\r\n");
    assertTrue(parser.parse(in));
    assertEquals("HTTP/1.1 200 OK\r\n".length(), in.readableBytes());
    assertThrows(MalformedResponseException.class, () -> parser.parse(in));
  }

  @Test
  void aStoppedResponseSwallowsTheRest() throws Exception {
    Http1ResponseParser parser = new Http1ResponseParser();
    Seen seen = new Seen();
    seen.stopAfter = 3;
    parser.expect(seen, false);
    ByteBuf in = bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
    assertFalse(parser.parse(in));
    assertFalse(in.isReadable());
    assertFalse(parser.awaitingResponse());
  }

  @Test
  void theReceiverSeesTheBodyWithoutTheFramingOfAMillionChunks() throws Exception {
    StringBuilder response = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 100_000; i++) {
      response.append("1\r\nx\r\n");
    }
    response.append("0\r\n\r\n");
    Http1ResponseParser parser = new Http1ResponseParser();
    Seen seen = new Seen();
    parser.expect(seen, false);
    assertTrue(parser.parse(bytes(response.toString())));
    assertEquals(100_000, seen.body.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "garbage\r\n\r\n",
      "HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\nok",
      "HTTP/2 200 OK\r\n\r\n",
      "HTTP/1.1 200OK\r\n\r\n",
      "HTTP/1.1 099 Low\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
      "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
      "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
      "HTTP/1.1 200 OK\r\nName : space before the colon\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
  })
  void malformedResponsesAreRefusedWithTheirReason(String response) {
    Http1ResponseParser parser = new Http1ResponseParser();
    parser.expect(new Seen(), false);
    MalformedResponseException e =
        assertThrows(MalformedResponseException.class, () -> parser.parse(bytes(response)));
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void endlessHeadersAndEndlessLinesAreRefusedWithoutGrowingMemory() throws Exception {
    Http1ResponseParser parser = new Http1ResponseParser();
    parser.expect(new Seen(), false);
    assertFalse(parser.parse(bytes("HTTP/1.1 200 OK\r\n")));
    String header = "X-Filler: " + "f".repeat(1000) + "\r\n";
    MalformedResponseException many = assertThrows(MalformedResponseException.class, () -> {
      for (int i = 0; i < 1000; i++) {
        parser.parse(bytes(header));
      }
    });
    assertTrue(many.getMessage().contains("headers larger than"), many.getMessage());

    parser.expect(new Seen(), false);
    MalformedResponseException longLine = assertThrows(MalformedResponseException.class, () -> {
      parser.parse(bytes("HTTP/1.1 200 OK\r\nX-Long: "));
      for (int i = 0; i < 100; i++) {
        parser.parse(bytes("y".repeat(1000)));
      }
      parser.parse(bytes("\r\n"));
    });
    assertTrue(longLine.getMessage().contains("line longer than")
        || longLine.getMessage().contains("headers larger than"), longLine.getMessage());
  }

  @Test
  void theErrorMessageShowsOnlyAPrintableSample() {
    Http1ResponseParser parser = new Http1ResponseParser();
    parser.expect(new Seen(), false);
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> parser.parse(bytes("\u0000\u001b[31mHTTP" + "z".repeat(500) + "\r\n")));
    assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
    assertTrue(e.getMessage().length() < 200, e.getMessage());
  }
}
