package dev.weft.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.datasets.DatasetEdit;
import dev.weft.datasets.DatasetRow;
import dev.weft.server.common.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionPlanTest {

  static DatasetRow r(String json) {
    return DatasetRow.parse(json);
  }

  static final List<DatasetRow> BASE = List.of(r("{\"v\":0}"), r("{\"v\":1}"), r("{\"v\":0}"));
  static final List<String> DIGESTS = BASE.stream().map(DatasetRow::digest).toList();

  @Test
  void replacingByDigestReplacesEveryOccurrence() {
    var plan =
        VersionPlan.edit(
            DIGESTS,
            DatasetEdit.against(1).replace(BASE.get(0).digest(), r("{\"v\":\"x\"}")).build());
    assertThat(plan.digests())
        .containsExactly(r("{\"v\":\"x\"}").digest(), DIGESTS.get(1), r("{\"v\":\"x\"}").digest());
    assertThat(plan.newRows()).containsOnlyKeys(r("{\"v\":\"x\"}").digest());
  }

  @Test
  void deleteThenAppendKeepsOrder() {
    var plan =
        VersionPlan.edit(DIGESTS, DatasetEdit.against(1).delete(1).append(r("{\"v\":2}")).build());
    assertThat(plan.digests())
        .containsExactly(DIGESTS.get(0), DIGESTS.get(2), r("{\"v\":2}").digest());
  }

  @Test
  void deleteByDigestAndPositionOfTheSameRowIsRejected() {
    assertThatThrownBy(
            () ->
                VersionPlan.edit(
                    DIGESTS, DatasetEdit.against(1).delete(0).delete(DIGESTS.get(0)).build()))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("edited twice");
  }

  @Test
  void unknownDigestIsRejected() {
    assertThatThrownBy(
            () ->
                VersionPlan.edit(
                    DIGESTS, DatasetEdit.against(1).delete(r("{\"v\":9}").digest()).build()))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("no row with digest");
  }

  @Test
  void appendOrReplaceAllFromUploads() {
    assertThat(VersionPlan.append(DIGESTS, List.of(r("{}")), false).digests()).hasSize(4);
    assertThat(VersionPlan.append(DIGESTS, List.of(r("{}")), true).digests())
        .containsExactly(r("{}").digest());
  }
}
