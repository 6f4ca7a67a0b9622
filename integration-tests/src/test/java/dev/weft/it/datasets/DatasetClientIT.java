package dev.weft.it.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.datasets.Csv;
import dev.weft.datasets.Dataset;
import dev.weft.datasets.DatasetApiException;
import dev.weft.datasets.DatasetClient;
import dev.weft.datasets.DatasetDiff;
import dev.weft.datasets.DatasetEdit;
import dev.weft.datasets.DatasetInfo;
import dev.weft.datasets.DatasetRow;
import dev.weft.datasets.DatasetVersion;
import dev.weft.datasets.Jsonl;
import dev.weft.datasets.RowPage;
import dev.weft.datasets.Samples;
import dev.weft.it.WeftServer;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The datasets client library against the packaged server, run as its own process. */
class DatasetClientIT {

  static DatasetClient client(WeftServer.Project project) {
    return DatasetClient.builder()
        .baseUrl(project.server().httpUrl())
        .apiKey(project.key())
        .project(project.name())
        .build();
  }

  @Test
  void samplesRoundTripThroughTheServerWithTheSameDigests() {
    WeftServer.Project project = WeftServer.get().newProject("dsc");
    DatasetClient client = client(project);
    for (Dataset sample :
        new Dataset[] {
          Samples.questionAnswering(), Samples.jsonExtraction(), Samples.classification()
        }) {
      DatasetInfo info = client.create(sample.name(), "sample");
      assertThat(info.latestVersion()).isNull();
      DatasetVersion v1 = client.importJsonl(sample.name(), Jsonl.toString(sample.rows()));
      assertThat(v1.number()).isEqualTo(1);
      assertThat(v1.digest()).isEqualTo(sample.digest());
      Dataset loaded = client.load(sample.name(), "latest");
      assertThat(loaded.rows()).isEqualTo(sample.rows());
      assertThat(loaded.digest()).isEqualTo(sample.digest());
    }
    assertThat(client.list()).extracting(DatasetInfo::name).hasSize(3);
  }

  @Test
  void editsTagsDiffAndConflicts() {
    WeftServer.Project project = WeftServer.get().newProject("dsc");
    DatasetClient client = client(project);
    Dataset qa = Samples.questionAnswering();
    client.create("qa", null);
    client.importJsonl("qa", Jsonl.toString(qa.rows()));

    DatasetRow fixed =
        DatasetRow.parse(
            "{\"id\":\"qa-001\",\"question\":\"Capital of Australia?\","
                + "\"reference\":\"Canberra\"}");
    DatasetVersion v2 =
        client.commit(
            "qa",
            DatasetEdit.against(1)
                .replace(0, fixed)
                .delete(29)
                .append(
                    DatasetRow.parse(
                        "{\"id\":\"qa-031\",\"question\":\"2+2?\",\"reference\":\"4\"}"))
                .message("reword qa-001, drop qa-030, add qa-031")
                .build());
    assertThat(v2.number()).isEqualTo(2);
    assertThat(v2.rowCount()).isEqualTo(30);

    DatasetDiff diff = client.diff("qa", "1", "2");
    assertThat(diff.matchedBy()).isEqualTo("id");
    assertThat(diff.changed())
        .singleElement()
        .satisfies(c -> assertThat(c.to().row()).isEqualTo(fixed));
    assertThat(diff.removed()).extracting(r -> r.row().text("id")).containsExactly("qa-030");
    assertThat(diff.added()).extracting(r -> r.row().text("id")).containsExactly("qa-031");

    client.tag("qa", "prod", 1);
    assertThat(client.load("qa", "prod").version()).isEqualTo(1);
    client.tag("qa", "prod", 2);
    assertThat(client.version("qa", "prod").number()).isEqualTo(2);
    assertThat(client.get("qa").tags()).containsEntry("prod", 2);

    assertThatThrownBy(
            () ->
                client.commit(
                    "qa",
                    DatasetEdit.against(1).append(DatasetRow.parse("{\"id\":\"x\"}")).build()))
        .isInstanceOf(DatasetApiException.class)
        .satisfies(e -> assertThat(((DatasetApiException) e).status()).isEqualTo(409))
        .hasMessageContaining("stale");
    DatasetVersion forced =
        client.commit(
            "qa",
            DatasetEdit.against(1).force().append(DatasetRow.parse("{\"id\":\"x\"}")).build());
    assertThat(forced.number()).isEqualTo(3);
    assertThat(forced.base()).isEqualTo(1);

    RowPage page = client.rows("qa", "3", -1, 10);
    assertThat(page.rows()).hasSize(10);
    assertThat(page.nextAfter()).isEqualTo(9);
    assertThat(client.versions("qa")).extracting(DatasetVersion::number).containsExactly(1, 2, 3);
  }

  @Test
  void csvImportExportAndErrors() {
    WeftServer.Project project = WeftServer.get().newProject("dsc");
    DatasetClient client = client(project);
    client.create("cls", "support messages");
    Dataset cls = Samples.classification();
    StringWriter csv = new StringWriter();
    Csv.write(cls.rows(), csv);
    DatasetVersion v1 = client.importCsv("cls", csv.toString());
    assertThat(v1.rowCount()).isEqualTo(cls.size());
    String exported = client.export("cls", "latest", "csv");
    assertThat(Csv.read(new StringReader(exported)))
        .isEqualTo(Csv.read(new StringReader(csv.toString())));
    assertThat(Jsonl.read(new StringReader(client.export("cls", "1", "jsonl")))).hasSize(30);

    assertThatThrownBy(() -> client.importJsonl("cls", "{\"a\":1}\n{oops}\n"))
        .isInstanceOf(DatasetApiException.class)
        .hasMessageContaining("line 2");
    assertThat(client.versions("cls")).hasSize(1);

    DatasetClient readOnly =
        DatasetClient.builder()
            .baseUrl(project.server().httpUrl())
            .apiKey("weft_wrong-key")
            .project(project.name())
            .build();
    assertThatThrownBy(() -> readOnly.get("cls"))
        .isInstanceOf(DatasetApiException.class)
        .satisfies(e -> assertThat(((DatasetApiException) e).status()).isEqualTo(401));
  }
}
