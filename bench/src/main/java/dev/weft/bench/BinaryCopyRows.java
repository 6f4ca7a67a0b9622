package dev.weft.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;

/**
 * The same template rows as a {@link CopyRows}, in PostgreSQL's binary COPY format (the format the
 * server's span writer uses). PostgreSQL itself converts them: the text rows are copied once into a
 * temporary table and copied out again with {@code (format binary)}, so both formats carry exactly
 * the same values.
 */
public final class BinaryCopyRows implements CopyTemplates {

  private static final byte[] SIGNATURE =
      "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final int FIELDS = CopyRows.COLUMNS.size();

  /** One template row: project id and the columns after the ids, pre-encoded with lengths. */
  private record Row(byte[] projectId, int parentIndex, boolean hasParent, byte[] rest) {}

  private final List<Row[]> traces;

  private BinaryCopyRows(List<Row[]> traces) {
    this.traces = traces;
  }

  /** Converts text template rows to binary through a temporary table on {@code connection}. */
  public static BinaryCopyRows of(CopyRows text, Connection connection) throws SQLException {
    String columns = String.join(", ", CopyRows.COLUMNS);
    try (Statement s = connection.createStatement()) {
      s.execute("create temp table bench_template (like spans including defaults)");
    }
    try {
      CopyRows.Batch batch = new CopyRows.Batch();
      text.writeEachTraceOnce(batch, new SplittableRandom(1));
      var copy = connection.unwrap(PGConnection.class).getCopyAPI();
      copy.copyIn(
          "copy bench_template (" + columns + ") from stdin",
          new java.io.ByteArrayInputStream(batch.bytes(), 0, batch.size()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copy.copyOut(
          "copy (select "
              + columns
              + " from bench_template order by project_id, trace_id, start_time, span_id) to stdout"
              + CopyFormat.BINARY.sqlOption(),
          out);
      return fromBinary(out.toByteArray());
    } catch (IOException e) {
      throw new SQLException("binary copy of the template rows failed", e);
    } finally {
      try (Statement s = connection.createStatement()) {
        s.execute("drop table if exists bench_template");
      }
    }
  }

  /** Template rows from binary COPY data of whole traces. */
  static BinaryCopyRows fromBinary(byte[] data) {
    return new BinaryCopyRows(group(parse(data)));
  }

  /** The rows of binary COPY data, each as its fields ({@code null} for SQL NULL). */
  static List<byte[][]> parse(byte[] data) {
    ByteBuffer in = ByteBuffer.wrap(data);
    byte[] signature = new byte[SIGNATURE.length];
    in.get(signature);
    if (!Arrays.equals(signature, SIGNATURE)) {
      throw new IllegalArgumentException("not binary COPY data");
    }
    in.getInt(); // flags
    int extension = in.getInt();
    in.position(in.position() + extension);
    List<byte[][]> rows = new ArrayList<>();
    short count;
    while ((count = in.getShort()) != -1) {
      byte[][] fields = new byte[count][];
      for (int i = 0; i < count; i++) {
        int length = in.getInt();
        if (length >= 0) {
          fields[i] = new byte[length];
          in.get(fields[i]);
        }
      }
      rows.add(fields);
    }
    return rows;
  }

  private static List<Row[]> group(List<byte[][]> rows) {
    Map<String, List<byte[][]>> byTrace = new LinkedHashMap<>();
    for (byte[][] f : rows) {
      if (f.length != FIELDS) {
        throw new IllegalArgumentException("expected " + FIELDS + " fields, got " + f.length);
      }
      String key = Arrays.toString(f[0]) + Arrays.toString(f[1]);
      byTrace.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
    }
    List<Row[]> traces = new ArrayList<>();
    for (List<byte[][]> trace : byTrace.values()) {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < trace.size(); i++) {
        index.put(Arrays.toString(trace.get(i)[2]), i);
      }
      Row[] out = new Row[trace.size()];
      for (int i = 0; i < trace.size(); i++) {
        byte[][] f = trace.get(i);
        boolean hasParent = f[3] != null;
        int parentIndex = hasParent ? index.getOrDefault(Arrays.toString(f[3]), -1) : -1;
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        for (int c = 4; c < FIELDS; c++) {
          field(rest, f[c]);
        }
        ByteArrayOutputStream project = new ByteArrayOutputStream();
        field(project, f[0]);
        out[i] = new Row(project.toByteArray(), parentIndex, hasParent, rest.toByteArray());
      }
      traces.add(out);
    }
    if (traces.isEmpty()) {
      throw new IllegalArgumentException("no template rows");
    }
    return traces;
  }

  private static void field(ByteArrayOutputStream out, byte[] value) {
    int length = value == null ? -1 : value.length;
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    if (value != null) {
      out.write(value, 0, value.length);
    }
  }

  @Override
  public CopyFormat format() {
    return CopyFormat.BINARY;
  }

  @Override
  public int writeBatch(CopyRows.Batch out, int minRows, SplittableRandom random) {
    out.write(SIGNATURE, 0, SIGNATURE.length);
    writeInt(out, 0); // flags
    writeInt(out, 0); // no header extension
    int written = 0;
    int t = random.nextInt(traces.size());
    FreshIds ids = new FreshIds();
    while (written < minRows) {
      Row[] trace = traces.get(t);
      t = (t + 1) % traces.size();
      ids.newTrace(trace.length, random);
      for (int i = 0; i < trace.length; i++) {
        Row row = trace[i];
        out.write(FIELDS >>> 8);
        out.write(FIELDS);
        out.write(row.projectId, 0, row.projectId.length);
        bytes(out, ids.traceId());
        bytes(out, ids.span(i));
        if (row.hasParent) {
          bytes(out, ids.parent(row.parentIndex, random));
        } else {
          writeInt(out, -1);
        }
        out.write(row.rest, 0, row.rest.length);
        written++;
      }
    }
    out.write(0xff);
    out.write(0xff);
    return written;
  }

  private static void bytes(CopyRows.Batch out, byte[] value) {
    writeInt(out, value.length);
    out.write(value, 0, value.length);
  }

  private static void writeInt(CopyRows.Batch out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }
}
