package io.cartographer.demo;

import java.nio.charset.StandardCharsets;

/**
 * One block of the ledger: a fixed run of statements, chained to its predecessor by hash.
 *
 * @param hash SHA-256 (hex) over height, previous hash, Merkle root and statement count
 * @param previousHash the hash of the block below, or 64 zeros for the genesis block
 * @param merkleRoot SHA-256 Merkle root (hex) over the JSON of the block's statements
 */
record Block(
    int height,
    String hash,
    String previousHash,
    int statementCount,
    String merkleRoot,
    int firstStatementId,
    int lastStatementId) {

  /** Its JSON, written by hand as {@link Statement#json()} is and checked the same way. */
  byte[] json() {
    StringBuilder text = new StringBuilder(320);
    text.append("{\"height\":").append(height).append(",\"hash\":");
    JsonText.appendString(text, hash);
    text.append(",\"previous_hash\":");
    JsonText.appendString(text, previousHash);
    text.append(",\"statement_count\":").append(statementCount).append(",\"merkle_root\":");
    JsonText.appendString(text, merkleRoot);
    text.append(",\"first_statement_id\":").append(firstStatementId);
    text.append(",\"last_statement_id\":").append(lastStatementId);
    return text.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }
}
