package io.cartographer.passport;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Passport ids are {@code <UTC timestamp>-<run id>}, e.g. {@code 20261126T152233Z-3f9a1c2b}; the
 * file is the id plus {@code .json}. Ids sort in time order, and the strict pattern means no id
 * taken from a request can name a file outside the passport directory.
 */
public final class PassportId {

  private static final Pattern ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
  private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{8}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private PassportId() {}

  /**
   * A fresh run id: 8 random hex digits. The generator is made per call (runs are rare), never
   * held in a static field, which a native image would otherwise build into its heap with a seed
   * fixed at build time.
   */
  public static String newRunId() {
    byte[] bytes = new byte[4];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The run id for a name shared by several processes (a Kubernetes Job's uid, a CI build id):
   * itself when it already is 8 hex digits, otherwise the first 8 hex digits of its SHA-256.
   */
  public static String runIdFor(String name) {
    if (isValidRunId(name)) {
      return name;
    }
    return io.cartographer.plan.Sha256.hex(name).substring(0, 8);
  }

  public static String of(Instant startedAt, String runId) {
    return STAMP.format(startedAt) + "-" + runId;
  }

  public static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  public static boolean isValidRunId(String runId) {
    return runId != null && RUN_ID.matcher(runId).matches();
  }

  /** The id of a passport file name, or {@code null} when the name is not a passport's. */
  static String fromFileName(String fileName) {
    if (!fileName.endsWith(".json")) {
      return null;
    }
    String id = fileName.substring(0, fileName.length() - ".json".length());
    return isValid(id) ? id : null;
  }
}
