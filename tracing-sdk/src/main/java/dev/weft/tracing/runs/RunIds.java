package dev.weft.tracing.runs;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Client-generated run ids: 8 characters of {@code [a-z0-9]}, like W&B's. */
public final class RunIds {
  private RunIds() {}

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** A new random id (36^8 ≈ 2.8e12 values). */
  public static String newId() {
    char[] id = new char[8];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /**
   * Whether {@code id} is accepted by the runs API: 1 to 64 characters of {@code [A-Za-z0-9._-]}
   * (generated ids are always 8 of {@code [a-z0-9]}).
   */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
