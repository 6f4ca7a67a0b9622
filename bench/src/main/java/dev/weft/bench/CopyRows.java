package dev.weft.bench;

import dev.weft.server.ingest.SpanCopyEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;

/**
 * Span rows in PostgreSQL's COPY text format, grouped by trace, that a COPY writer can emit again
 * and again under fresh trace and span ids.
 *
 * <p>The preferred source is the {@code spans} table itself after the load phase: {@code COPY (...)
 * TO STDOUT} gives back, byte for byte, the rows the server stored for the benchmark's spans, so
 * the ceiling copies exactly the same data (same columns, same JSON) the ingest path wrote. Only
 * when the server stored nothing (or with {@code --copy-only}) are rows built from the generator by
 * {@link SpanRowModel}, an approximation of the server's mapping.
 */
public final class CopyRows implements CopyTemplates {

  /**
   * The columns the server's span writer inserts ({@code SpanCopyEncoder.COLUMNS}, a constant the
   * compiler copies in, so no server class loads); {@code ingested_at} is left to its default.
   */
  public static final List<String> COLUMNS = List.of(SpanCopyEncoder.COLUMNS.split(",\\s*"));

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "\\N".getBytes(StandardCharsets.US_ASCII);

  /** One template row: everything but the ids pre-encoded. */
  private record Row(byte[] projectId, int parentIndex, boolean hasParent, byte[] rest) {}

  private final List<Row[]> traces;
  private final String source;
  private final int rowCount;
  private final long textBytes;
  private final List<String> startDays;

  private CopyRows(List<Row[]> traces, String source, List<String> startDays) {
    this.traces = traces;
    this.source = source;
    this.startDays = startDays;
    int rows = 0;
    long bytes = 0;
    for (Row[] trace : traces) {
      for (Row row : trace) {
        rows++;
        // project, 3 ids as \\x + hex (or \N), tabs, and the rest.
        bytes += row.projectId.length + 1 + 35 + 1 + 19 + 1 + (row.hasParent ? 19 : 2) + 1;
        bytes += row.rest.length;
      }
    }
    this.rowCount = rows;
    this.textBytes = bytes;
  }

  /**
   * Reads template rows from whole traces the server stored: up to {@code maxTraces} random ones.
   */
  public static CopyRows fromStoredSpans(Connection connection, int maxTraces) throws SQLException {
    String columns = String.join(", ", COLUMNS);
    String sql =
        "copy (select "
            + columns
            + " from spans where (project_id, trace_id) in"
            + " (select project_id, trace_id from traces order by random() limit "
            + maxTraces
            + ") order by project_id, trace_id, start_time) to stdout";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
    } catch (java.io.IOException e) {
      throw new SQLException("copy out failed", e);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    List<String[]> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        lines.add(line.split("\t", -1));
      }
    }
    return fromFields(lines, "rows the server stored (" + lines.size() + " template rows)");
  }

  /**
   * Builds template rows from COPY text fields in {@link #COLUMNS} order, rows of one trace
   * adjacent.
   */
  static CopyRows fromFields(List<String[]> rows, String source) {
    Map<String, List<String[]>> byTrace = new LinkedHashMap<>();
    for (String[] f : rows) {
      if (f.length != COLUMNS.size()) {
        throw new IllegalArgumentException(
            "expected " + COLUMNS.size() + " fields, got " + f.length);
      }
      byTrace.computeIfAbsent(f[0] + "/" + f[1], k -> new ArrayList<>()).add(f);
    }
    List<Row[]> traces = new ArrayList<>();
    java.util.TreeSet<String> days = new java.util.TreeSet<>();
    for (List<String[]> trace : byTrace.values()) {
      Map<String, Integer> index = new LinkedHashMap<>();
      for (int i = 0; i < trace.size(); i++) {
        index.put(trace.get(i)[2], i);
      }
      Row[] out = new Row[trace.size()];
      for (int i = 0; i < trace.size(); i++) {
        String[] f = trace.get(i);
        boolean hasParent = !f[3].equals("\\N");
        int parentIndex = hasParent ? index.getOrDefault(f[3], -1) : -1;
        StringBuilder rest = new StringBuilder();
        for (int c = 4; c < f.length; c++) {
          rest.append('\t').append(f[c]);
        }
        rest.append('\n');
        out[i] =
            new Row(
                f[0].getBytes(StandardCharsets.UTF_8),
                parentIndex,
                hasParent,
                rest.toString().getBytes(StandardCharsets.UTF_8));
        days.add(f[9].substring(0, 10));
      }
      traces.add(out);
    }
    if (traces.isEmpty()) {
      throw new IllegalArgumentException("no template rows");
    }
    return new CopyRows(traces, source, List.copyOf(days));
  }

  /** Where the rows came from, for the report. */
  public String source() {
    return source;
  }

  /** Template rows. */
  public int rowCount() {
    return rowCount;
  }

  /** Mean size of one row in COPY text format, in bytes. */
  public long meanRowBytes() {
    return textBytes / rowCount;
  }

  /** The UTC days ({@code yyyy-MM-dd}) the rows start on: the partitions a target table needs. */
  public List<String> startDays() {
    return startDays;
  }

  @Override
  public CopyFormat format() {
    return CopyFormat.TEXT;
  }

  @Override
  public int writeBatch(Batch out, int minRows, SplittableRandom random) {
    return write(out, random.nextInt(traces.size()), minRows, random);
  }

  /** Writes every template trace exactly once, under fresh ids. */
  void writeEachTraceOnce(Batch out, SplittableRandom random) {
    write(out, 0, rowCount, random);
  }

  private int write(Batch out, int firstTrace, int minRows, SplittableRandom random) {
    int written = 0;
    int t = firstTrace;
    FreshIds ids = new FreshIds();
    while (written < minRows) {
      Row[] trace = traces.get(t);
      t = (t + 1) % traces.size();
      ids.newTrace(trace.length, random);
      for (int i = 0; i < trace.length; i++) {
        Row row = trace[i];
        out.write(row.projectId, 0, row.projectId.length);
        out.write('\t');
        hex(out, ids.traceId());
        out.write('\t');
        hex(out, ids.span(i));
        out.write('\t');
        if (row.hasParent) {
          hex(out, ids.parent(row.parentIndex, random));
        } else {
          out.write(NULL, 0, NULL.length);
        }
        out.write(row.rest, 0, row.rest.length);
        written++;
      }
    }
    return written;
  }

  static void fill(byte[] id, SplittableRandom random) {
    for (int i = 0; i < id.length; i += 8) {
      long r = random.nextLong() | 1L; // never all zero
      for (int k = 0; k < 8 && i + k < id.length; k++) {
        id[i + k] = (byte) (r >>> (8 * k));
      }
    }
  }

  /** A bytea in COPY text format: {@code \\x} then hex (the backslash doubled by COPY escaping). */
  private static void hex(Batch out, byte[] bytes) {
    out.ensure(3 + 2 * bytes.length);
    byte[] a = out.bytes;
    int n = out.size;
    a[n++] = '\\';
    a[n++] = '\\';
    a[n++] = 'x';
    for (byte b : bytes) {
      a[n++] = HEX[(b >> 4) & 0xF];
      a[n++] = HEX[b & 0xF];
    }
    out.size = n;
  }

  /**
   * A reusable, unsynchronised byte buffer for one COPY statement's data; {@link
   * ByteArrayOutputStream} locks on every byte written.
   */
  public static final class Batch {
    byte[] bytes = new byte[1 << 20];
    int size;

    /** Empties the buffer, keeping its capacity. */
    public void reset() {
      size = 0;
    }

    /** The bytes written so far. */
    public byte[] bytes() {
      return bytes;
    }

    /** How many bytes were written. */
    public int size() {
      return size;
    }

    void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }
  }

  /** Escapes a value for COPY text format ({@code null} becomes {@code \N}). */
  static String copyText(String value) {
    if (value == null) {
      return "\\N";
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
