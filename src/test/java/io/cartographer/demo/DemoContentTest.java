package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
