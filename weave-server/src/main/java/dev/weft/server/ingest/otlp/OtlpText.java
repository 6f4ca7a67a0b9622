package dev.weft.server.ingest.otlp;

/**
 * String and hex helpers shared by the OTLP decoders.
 *
 * <p>PostgreSQL {@code text} and {@code jsonb} cannot store U+0000, and a lone UTF-16 surrogate
 * (which OTLP/JSON can smuggle in as a JSON escape such as <code>&#92;ud800</code>) cannot be
 * encoded as UTF-8, so every decoded string passes through {@link #clean(String)} or, when it is
 * known to be well-formed, {@link #cleanWellFormed(String)}; both replace such characters with
 * U+FFFD.
 */
final class OtlpText {

  /** The replacement for characters the store cannot hold. */
  static final char REPLACEMENT = '\uFFFD';

  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  private OtlpText() {}

  /**
   * Returns {@code s} with U+0000 and unpaired surrogates replaced by U+FFFD; returns {@code s}
   * itself when nothing needs replacing (the common case), so clean strings cost no allocation.
   */
  static String clean(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return cleanFrom(s.toCharArray(), i);
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return cleanFrom(s.toCharArray(), i);
        }
      }
    }
    return s;
  }

  /**
   * {@link #clean(String)} for strings known to be well-formed UTF-16, such as those protobuf
   * decoded from validated UTF-8: only U+0000 can occur, and it is found with a fast intrinsic
   * search.
   */
  static String cleanWellFormed(String s) {
    return s.indexOf(0) < 0 ? s : s.replace('\0', REPLACEMENT);
  }

  /** Replaces, in place from index {@code from}, what {@link #clean(String)} replaces. */
  private static String cleanFrom(char[] chars, int from) {
    int end = chars.length;
    for (int i = from; i < end; i++) {
      char c = chars[i];
      if (c == 0) {
        chars[i] = REPLACEMENT;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
          i++;
        } else {
          chars[i] = REPLACEMENT;
        }
      } else if (Character.isLowSurrogate(c)) {
        chars[i] = REPLACEMENT;
      }
    }
    return new String(chars);
  }

  /**
   * Decodes case-insensitive hex digits to bytes.
   *
   * @return the bytes, or {@code null} when the text has an odd length or a non-hex character
   */
  static byte[] hexToBytes(char[] buf, int offset, int length) {
    if ((length & 1) != 0) {
      return null;
    }
    byte[] out = new byte[length >> 1];
    for (int i = 0, j = offset; i < out.length; i++, j += 2) {
      int hi = hexValue(buf[j]);
      int lo = hexValue(buf[j + 1]);
      if ((hi | lo) < 0) {
        return null;
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** The value of one ASCII hex digit, or -1. */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Lowercase hex of {@code bytes}. */
  static String bytesToHex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** {@code s} cut to at most {@code max} characters, with an ellipsis when it was cut. */
  static String abbreviate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = max;
    if (Character.isHighSurrogate(s.charAt(cut - 1))) {
      cut--;
    }
    return s.substring(0, cut) + "…";
  }
}
