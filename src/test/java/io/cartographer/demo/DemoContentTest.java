package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's content prepared in the background is the content computed in place. */
class DemoContentTest {

  @Test
  void theContentPreparedInTheBackgroundIsTheSameAsComputedInPlace() {
    DemoContent inPlace = DemoContent.of(MathLedger.generate());
    DemoContent.prepareInBackground();
    DemoContent.prepareInBackground(); // a second call starts nothing new
    DemoContent prepared = DemoContent.prepared();
    assertEquals(inPlace.blocks().size(), prepared.blocks().size());
    for (int i = 0; i < inPlace.blocks().size(); i++) {
      assertEquals(inPlace.blocks().get(i), prepared.blocks().get(i), "block " + i);
    }
    assertEquals(inPlace.page(), prepared.page());
    assertEquals(inPlace.statementCount(), prepared.statementCount());
    for (int limit : List.of(0, 1, 1000, MathLedger.STATEMENT_COUNT)) {
      assertEquals(inPlace.statements().first(limit), prepared.statements().first(limit), "limit " + limit);
    }
    assertEquals(prepared, DemoContent.prepared(), "prepared once");
  }

  /**
   * What the background thread runs before the application starts names no Vert.x, Netty or
   * logging class: initialising one there set up logging beside the main thread and deadlocked
   * start-up (seen in a start that never became ready; see {@link DemoContent}).
   */
  @Test
  void whatTheBackgroundThreadComputesUsesNoClassThatSetsUpLogging() throws IOException {
    for (Class<?> type :
        List.of(
            DemoContent.Encoded.class,
            StatementsBody.Joined.class,
            MathLedger.class,
            Statement.class,
            Block.class,
            JsonText.class,
            LedgerPage.class)) {
      String classFile = classFileText(type);
      for (String forbidden : List.of("io/vertx/", "io/netty/", "org/jboss/", "org/slf4j/", "java/util/logging/")) {
        assertFalse(classFile.contains(forbidden), type.getName() + " refers to " + forbidden);
      }
    }
  }

  private static String classFileText(Class<?> type) throws IOException {
    String resource = type.getName().substring(type.getPackageName().length() + 1) + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
