package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MathLedgerTest {

  @Test
  void everyGenerationIsIdentical() {
    MathLedger first = MathLedger.generate();
    MathLedger second = MathLedger.generate();

    assertEquals(first.statements(), second.statements());
    assertEquals(first.blocks(), second.blocks());
  }

  @Test
  void blocksChainEachToThePreviousHash() {
    List<Block> blocks = MathLedger.generate().blocks();

    assertEquals("0".repeat(64), blocks.get(0).previousHash());
    for (int height = 1; height < blocks.size(); height++) {
      assertEquals(height, blocks.get(height).height());
      assertEquals(blocks.get(height - 1).hash(), blocks.get(height).previousHash());
    }
  }

  @Test
  void blocksHoldAllStatementsInOrder() {
    MathLedger ledger = MathLedger.generate();

    assertEquals(
        MathLedger.STATEMENT_COUNT / MathLedger.STATEMENTS_PER_BLOCK, ledger.blocks().size());
    for (Block block : ledger.blocks()) {
      assertEquals(MathLedger.STATEMENTS_PER_BLOCK, block.statementCount());
      assertEquals(block.height(), ledger.statements().get(block.firstStatementId() - 1).block());
      assertEquals(block.height(), ledger.statements().get(block.lastStatementId() - 1).block());
    }
    assertEquals(MathLedger.STATEMENT_COUNT, ledger.latest().lastStatementId());
  }
}
