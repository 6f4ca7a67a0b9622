package dev.weft.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Content digests of rows and versions, the same on every JVM and in the server.
 *
 * <ul>
 *   <li>row digest: lower-case hex SHA-256 of the UTF-8 bytes of the row's {@link CanonicalJson
 *       canonical JSON};
 *   <li>version digest: lower-case hex SHA-256 of the row digests in order, each followed by a line
 *       feed ({@code "d1\nd2\n"}); an empty version hashes the empty string.
 * </ul>
 */
public final class Digests {

  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  /** The digest of one row. */
  public static String row(JsonNode row) {
    return HEX.formatHex(sha256().digest(CanonicalJson.bytes(row)));
  }

  /** The digest of a version: its row digests, in order. */
  public static String version(List<String> rowDigests) {
    MessageDigest md = sha256();
    for (String d : rowDigests) {
      md.update(d.getBytes(StandardCharsets.US_ASCII));
      md.update((byte) '\n');
    }
    return HEX.formatHex(md.digest());
  }

  /** Whether the text is a well-formed digest: 64 lower-case hex characters. */
  public static boolean isDigest(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The 32 bytes of a digest written in hex. */
  public static byte[] toBytes(String digest) {
    if (!isDigest(digest)) {
      throw new IllegalArgumentException(
          "not a digest: expected 64 lower-case hex characters, got '" + digest + "'");
    }
    return HEX.parseHex(digest);
  }

  /** The hex text of 32 digest bytes. */
  public static String toHex(byte[] digest) {
    return HEX.formatHex(digest);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
