package io.cartographer.demo;

import io.vertx.core.json.JsonObject;

/**
 * One ledger entry.
 *
 * @param id 1 to the ledger's statement count
 * @param block height of the block that holds it
 * @param amountCents signed: negative amounts are debits
 */
record Statement(
    int id, int block, String account, long amountCents, String currency, String memo) {

  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("block", block)
        .put("account", account)
        .put("amount_cents", amountCents)
        .put("currency", currency)
        .put("memo", memo);
  }
}
