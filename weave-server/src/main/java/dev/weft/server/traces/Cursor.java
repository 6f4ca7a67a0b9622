package dev.weft.server.traces;

import dev.weft.server.common.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A keyset position in a sorted trace list: the sort value and trace id of the last row of a page.
 * Encoded as an opaque URL-safe token that also records the sort it belongs to, so a cursor used
 * with another sort is refused instead of silently skipping rows.
 *
 * @param sort the sort the cursor was made for
 * @param ascending the direction it was made for
 * @param value the sort value of the last row, as text PostgreSQL casts back
 * @param traceId the trace id of the last row
 */
public record Cursor(TraceSort sort, boolean ascending, String value, byte[] traceId) {

  /** The token for the API. */
  public String encode() {
    String raw =
        sort.wireName()
            + "|"
            + (ascending ? "asc" : "desc")
            + "|"
            + HexFormat.of().formatHex(traceId)
            + "|"
            + value;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a token; 400 when it is not one of ours or was made for another sort. */
  public static Cursor decode(String token, TraceSort sort, boolean ascending) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    String[] parts = raw.split("\\|", 4);
    if (parts.length != 4) {
      throw invalid();
    }
    if (!parts[0].equals(sort.wireName()) || !parts[1].equals(ascending ? "asc" : "desc")) {
      throw ProblemException.badRequest(
          "the cursor belongs to a listing sorted by "
              + parts[0]
              + " "
              + parts[1]
              + "; keep sort and order the same while paging");
    }
    byte[] traceId;
    try {
      traceId = HexFormat.of().parseHex(parts[2]);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (traceId.length != 16 || parts[3].isEmpty()) {
      throw invalid();
    }
    return new Cursor(sort, ascending, parts[3], traceId);
  }

  private static ProblemException invalid() {
    return ProblemException.badRequest(
        "invalid cursor; pass the 'nextCursor' value of the previous page unchanged");
  }
}
