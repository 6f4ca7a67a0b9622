package dev.weft.server.traces;

import dev.weft.server.common.ProblemException;
import dev.weft.server.common.QueryParameters;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A range of trace start times, {@code [from, to)}; a {@code null} end is open.
 *
 * @param from earliest start, or null
 * @param to start before which the range ends (exclusive), or null
 */
public record TimeRange(OffsetDateTime from, OffsetDateTime to) {

  /** Every start time. */
  public static final TimeRange ALL = new TimeRange(null, null);

  /**
   * The range of an endpoint that takes only {@code from} and {@code to} from its query, each
   * defaulted when absent.
   *
   * @param params the request's query parameters
   * @param takes the end of the message for an unknown parameter, e.g. {@code "facets take from and
   *     to"}
   * @param defaultTo the end when {@code to} is absent
   * @param defaultFrom the start when {@code from} is absent, from the range's end
   * @return a closed range (neither end {@code null})
   * @throws dev.weft.server.common.ProblemException 400 for an unknown or repeated parameter, an
   *     invalid instant, or {@code from} not before {@code to}
   */
  public static TimeRange ofQuery(
      Map<String, List<String>> params,
      String takes,
      Instant defaultTo,
      UnaryOperator<Instant> defaultFrom) {
    QueryParameters.requireKnown(params.keySet(), Set.of("from", "to"), takes);
    TraceQuery given = TraceQuery.parse(params);
    Instant to = given.to() != null ? given.to() : defaultTo;
    Instant from = given.from() != null ? given.from() : defaultFrom.apply(to);
    if (!from.isBefore(to)) {
      throw ProblemException.badRequest("'from' must be before 'to'");
    }
    return of(from, to);
  }

  /** The range between two instants, either of which may be {@code null}. */
  public static TimeRange of(Instant from, Instant to) {
    return new TimeRange(utc(from), utc(to));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
