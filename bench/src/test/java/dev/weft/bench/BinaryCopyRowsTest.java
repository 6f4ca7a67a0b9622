package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinaryCopyRowsTest {

  private static final int FIELDS = CopyRows.COLUMNS.size();

  /** Binary COPY data of one trace: a root and a child, every other column a short text. */
  private static byte[] trace() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(new byte[8]);
    byte[] project = ByteBuffer.allocate(8).putLong(7).array();
    byte[] trace = new byte[16];
    trace[0] = 1;
    byte[] root = {0, 0, 0, 0, 0, 0, 0, 1};
    byte[] child = {0, 0, 0, 0, 0, 0, 0, 2};
    for (byte[][] ids : List.of(new byte[][] {root, null}, new byte[][] {child, root})) {
      out.writeBytes(ByteBuffer.allocate(2).putShort((short) FIELDS).array());
      field(out, project);
      field(out, trace);
      field(out, ids[0]);
      field(out, ids[1]);
      for (int c = 4; c < FIELDS; c++) {
        field(out, ("v" + c).getBytes(StandardCharsets.UTF_8));
      }
    }
    out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff});
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, byte[] value) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
    if (value != null) {
      out.writeBytes(value);
    }
  }

  @Test
  void parseReadsEveryFieldOfEveryRowWithNullsAsNull() {
    List<byte[][]> rows = BinaryCopyRows.parse(trace());

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).length).isEqualTo(FIELDS);
    assertThat(rows.get(0)[3]).as("the root has no parent").isNull();
    assertThat(new String(rows.get(1)[29], StandardCharsets.UTF_8)).isEqualTo("v29");
  }

  @Test
  void batchesCarryFreshIdsWithParentsFollowingTheirSpansAndTheFormatsFraming() {
    BinaryCopyRows rows = BinaryCopyRows.fromBinary(trace());
    CopyRows.Batch batch = new CopyRows.Batch();

    int written = rows.writeBatch(batch, 4, new SplittableRandom(3));

    List<byte[][]> copied = BinaryCopyRows.parse(Arrays.copyOf(batch.bytes(), batch.size()));
    assertThat(written).isEqualTo(4);
    assertThat(copied).hasSize(4);
    assertThat(copied.get(0)[1]).as("a fresh trace id").isNotEqualTo(copied.get(2)[1]);
    assertThat(copied.get(0)[1]).isEqualTo(copied.get(1)[1]);
    assertThat(copied.get(1)[3])
        .as("the child's parent is its root's new id")
        .isEqualTo(copied.get(0)[2]);
    assertThat(copied.get(0)[3]).isNull();
    assertThat(new String(copied.get(3)[4], StandardCharsets.UTF_8)).isEqualTo("v4");
  }
}
