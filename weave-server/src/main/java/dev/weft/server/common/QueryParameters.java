package dev.weft.server.common;

import java.util.Collection;
import java.util.Set;

/**
 * The rule for endpoints that read their query raw: an unknown parameter is a 400 naming it and
 * what the endpoint takes, so a typo never silently returns everything.
 */
public final class QueryParameters {

  private QueryParameters() {}

  /**
   * Fails with a 400 on the first name not in {@code allowed}.
   *
   * @param names the request's parameter names
   * @param allowed the names the endpoint reads
   * @param takes the end of the message, e.g. {@code "facets take from and to"}
   */
  public static void requireKnown(Collection<String> names, Set<String> allowed, String takes) {
    for (String name : names) {
      if (!allowed.contains(name)) {
        throw ProblemException.badRequest("unknown query parameter '" + name + "'; " + takes);
      }
    }
  }
}
