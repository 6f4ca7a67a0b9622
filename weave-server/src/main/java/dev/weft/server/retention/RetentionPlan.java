package dev.weft.server.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides which daily span partitions fall out of the retention window. Pure. */
public final class RetentionPlan {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final String PREFIX = "spans_";

  private RetentionPlan() {}

  /**
   * The first day the retention window keeps at a moment: {@code days} days before that moment's
   * UTC day. Spans and traces before it are dropped; with {@code days} 0 or less nothing is, and
   * this is empty.
   */
  public static Optional<LocalDate> firstKeptDay(Instant now, int days) {
    return days <= 0
        ? Optional.empty()
        : Optional.of(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days));
  }

  /**
   * The partitions (named {@code spans_YYYYMMDD}) whose whole day lies before the cutoff day; other
   * names are never selected.
   */
  public static List<String> partitionsToDrop(List<String> partitions, LocalDate cutoff) {
    List<String> drop = new ArrayList<>();
    for (String name : partitions) {
      if (!name.startsWith(PREFIX) || name.length() != PREFIX.length() + 8) {
        continue;
      }
      try {
        LocalDate day = LocalDate.parse(name.substring(PREFIX.length()), DAY);
        if (day.isBefore(cutoff)) {
          drop.add(name);
        }
      } catch (DateTimeParseException e) {
        // not one of ours
      }
    }
    return drop;
  }
}
