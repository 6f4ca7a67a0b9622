package dev.weft.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Creates API key secrets and the digests stored in their place. Secrets carry 192 random bits, so
 * a plain SHA-256 digest is enough to make a stolen database useless for authentication.
 */
public final class ApiKeySecrets {

  /** Every Weft key starts with this, so secret scanners and people can recognise it. */
  public static final String PREFIX = "weft_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int DISPLAY_PREFIX_LENGTH = PREFIX.length() + 6;

  private ApiKeySecrets() {}

  /** A new random secret such as {@code weft_3q2-...}. */
  public static String generate() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 digest of the secret, as stored. */
  public static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The first characters of the secret, kept to let people tell keys apart. */
  public static String displayPrefix(String secret) {
    return secret.substring(0, Math.min(secret.length(), DISPLAY_PREFIX_LENGTH));
  }
}
