package dev.weft.server.common;

/**
 * An error answer of the REST API, in the shape of RFC 9457 problem details.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong in this request and what to do about it
 */
public record Problem(String type, String title, int status, String detail) {

  /** The media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** A problem whose type is derived from the title ({@code urn:weft:problem:bad-request}). */
  public static Problem of(int status, String title, String detail) {
    String slug = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return new Problem("urn:weft:problem:" + slug, title, status, detail);
  }
}
