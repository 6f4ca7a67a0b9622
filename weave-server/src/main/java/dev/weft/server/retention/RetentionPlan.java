package dev.weft.server.retention;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Decides which daily span partitions fall out of the retention window. Pure. */
public final class RetentionPlan {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final String PREFIX = "spans_";

  private RetentionPlan() {}

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
