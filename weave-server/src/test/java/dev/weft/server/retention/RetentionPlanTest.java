package dev.weft.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {

  @Test
  void dropsOnlyDailyPartitionsBeforeTheCutoffDay() {
    List<String> drop =
        RetentionPlan.partitionsToDrop(
            List.of(
                "spans_20261101",
                "spans_20261126",
                "spans_20261127",
                "spans_20261128",
                "spans_default",
                "spans_2026112",
                "spans_2026ab01",
                "traces"),
            LocalDate.of(2026, 11, 27));
    assertThat(drop).containsExactly("spans_20261101", "spans_20261126");
  }

  @Test
  void theFirstKeptDayIsTheDaysBeforeTodayInUtcAndNoneWithoutRetention() {
    // 23:30 in New York is already the next day in UTC.
    Instant lateEvening = Instant.parse("2026-11-28T04:30:00Z");
    assertThat(RetentionPlan.firstKeptDay(lateEvening, 7)).contains(LocalDate.of(2026, 11, 21));
    assertThat(RetentionPlan.firstKeptDay(lateEvening, 1)).contains(LocalDate.of(2026, 11, 27));
    assertThat(RetentionPlan.firstKeptDay(lateEvening, 0)).isEmpty();
    assertThat(RetentionPlan.firstKeptDay(lateEvening, -3)).isEmpty();
  }
}
