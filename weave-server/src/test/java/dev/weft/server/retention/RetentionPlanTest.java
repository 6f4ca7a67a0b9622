package dev.weft.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

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
}
