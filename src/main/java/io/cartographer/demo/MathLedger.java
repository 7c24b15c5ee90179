package io.cartographer.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The demo's data: 10,000 statements in blocks of 100, identical in every process. Statements come
 * from {@link Random} with a fixed seed (its algorithm is part of the Java specification, so the
 * sequence is the same on every JVM); blocks chain SHA-256 hashes over them. A probe can therefore
 * expect the same response bodies on every run.
 */
final class MathLedger {

  static final int STATEMENT_COUNT = 10_000;
  static final int STATEMENTS_PER_BLOCK = 100;

  private static final long SEED = 20_240_601L;
  private static final int ACCOUNTS = 250;
  private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP", "CHF", "SEK");
  // Quotes, non-ASCII and markup characters keep escaping honest in the JSON and the HTML page.
  private static final List<String> MEMOS =
      List.of(
          "coffee beans for the office",
          "rent <March> & utilities",
          "refund: \"duplicate\" charge",
          "café au lait, 2 × 3.50",
          "quarterly subscription",
          "transfer between own accounts",
          "conference ticket — early bird",
          "hardware: 4 × 16 GiB memory");
  private static final String GENESIS_PREVIOUS_HASH = "0".repeat(64);

  private final List<Statement> statements;
  private final List<byte[]> statementJson;
  private final List<Block> blocks;

  private MathLedger(List<Statement> statements, List<byte[]> statementJson, List<Block> blocks) {
    this.statements = List.copyOf(statements);
    this.statementJson = List.copyOf(statementJson);
    this.blocks = List.copyOf(blocks);
  }

  /** Builds the ledger; takes a fraction of a second, so call it once at startup. */
  static MathLedger generate() {
    Random random = new Random(SEED);
    List<Statement> statements = new ArrayList<>(STATEMENT_COUNT);
    for (int id = 1; id <= STATEMENT_COUNT; id++) {
      statements.add(
          new Statement(
              id,
              (id - 1) / STATEMENTS_PER_BLOCK,
              account(1 + random.nextInt(ACCOUNTS)),
              random.nextInt(600_000) - 100_000,
              CURRENCIES.get(random.nextInt(CURRENCIES.size())),
              MEMOS.get(random.nextInt(MEMOS.size())) + " #" + id));
    }
    List<byte[]> json = statements.stream().map(Statement::json).toList();
    // One digest for the 20,000 hashes: looking SHA-256 up among the providers each time cost more.
    MessageDigest sha = sha256();
    List<Block> blocks = new ArrayList<>();
    String previousHash = GENESIS_PREVIOUS_HASH;
    for (int from = 0; from < STATEMENT_COUNT; from += STATEMENTS_PER_BLOCK) {
      List<Statement> content = statements.subList(from, from + STATEMENTS_PER_BLOCK);
      int height = blocks.size();
      String merkleRoot =
          HexFormat.of().formatHex(merkleRoot(sha, json.subList(from, from + STATEMENTS_PER_BLOCK)));
      String hash =
          HexFormat.of().formatHex(sha.digest(
              (height + "\n" + previousHash + "\n" + merkleRoot + "\n" + content.size()).getBytes(StandardCharsets.UTF_8)));
      blocks.add(
          new Block(
              height,
              hash,
              previousHash,
              content.size(),
              merkleRoot,
              content.get(0).id(),
              content.get(content.size() - 1).id()));
      previousHash = hash;
    }
    return new MathLedger(statements, json, blocks);
  }

  /** All statements, ordered by id. */
  List<Statement> statements() {
    return statements;
  }

  /** Each statement's JSON ({@link Statement#json()}), in the same order, encoded once. */
  List<byte[]> statementJson() {
    return statementJson;
  }

  /** All blocks; a block's height is its index. */
  List<Block> blocks() {
    return blocks;
  }

  Block latest() {
    return blocks.get(blocks.size() - 1);
  }

  /** {@code ACC-0042}: without {@link String#format}, which parses its pattern on every call. */
  private static String account(int number) {
    String digits = Integer.toString(number);
    return "ACC-" + "0".repeat(Math.max(0, 4 - digits.length())) + digits;
  }

  /** Pairs hashes level by level; an odd last hash is paired with itself, as Bitcoin does. */
  private static byte[] merkleRoot(MessageDigest sha, List<byte[]> content) {
    List<byte[]> level = new ArrayList<>();
    for (byte[] statement : content) {
      level.add(sha.digest(statement));
    }
    while (level.size() > 1) {
      List<byte[]> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        byte[] left = level.get(i);
        byte[] right = i + 1 < level.size() ? level.get(i + 1) : left;
        sha.update(left);
        next.add(sha.digest(right));
      }
      level = next;
    }
    return level.get(0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
