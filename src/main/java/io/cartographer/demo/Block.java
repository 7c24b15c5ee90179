package io.cartographer.demo;

import io.vertx.core.json.JsonObject;

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

  JsonObject toJson() {
    return new JsonObject()
        .put("height", height)
        .put("hash", hash)
        .put("previous_hash", previousHash)
        .put("statement_count", statementCount)
        .put("merkle_root", merkleRoot)
        .put("first_statement_id", firstStatementId)
        .put("last_statement_id", lastStatementId);
  }
}
