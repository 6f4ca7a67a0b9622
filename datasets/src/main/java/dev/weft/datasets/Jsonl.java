package dev.weft.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines: one JSON object per line, UTF-8. Blank lines are skipped; a byte order mark at the
 * start is ignored. Rows are written in canonical JSON, one per line.
 */
public final class Jsonl {

  private Jsonl() {}

  /**
   * Reads every row.
   *
   * @throws DatasetFormatException naming the first line that is not one JSON object, or that has a
   *     duplicate key
   */
  public static List<DatasetRow> read(Reader reader) {
    return read(reader, Integer.MAX_VALUE);
  }

  /**
   * Reads at most {@code maxRows} rows.
   *
   * @throws DatasetFormatException naming the first bad line, or the line of row {@code maxRows +
   *     1} when there are more rows than that
   */
  public static List<DatasetRow> read(Reader reader, int maxRows) {
    List<DatasetRow> rows = new ArrayList<>();
    BufferedReader in =
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    long lineNo = 0;
    try {
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        if (rows.size() == maxRows) {
          throw new DatasetFormatException(
              lineNo, "more than " + maxRows + " rows; split the input into smaller parts", true);
        }
        JsonNode node;
        try {
          node = CanonicalJson.parse(line);
        } catch (IllegalArgumentException e) {
          throw new DatasetFormatException(lineNo, "not valid JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
          throw new DatasetFormatException(
              lineNo,
              "a row must be a JSON object such as {\"input\": \"...\"}, got "
                  + node.getNodeType().toString().toLowerCase());
        }
        rows.add(DatasetRow.of(node));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Reads every row of a UTF-8 file. */
  public static List<DatasetRow> read(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes rows as canonical JSON, one per line, each line ending in {@code \n}. */
  public static void write(Iterable<DatasetRow> rows, Writer out) {
    try {
      for (DatasetRow row : rows) {
        out.write(row.canonicalJson());
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows as one JSONL text. */
  public static String toString(Iterable<DatasetRow> rows) {
    StringBuilder sb = new StringBuilder();
    for (DatasetRow row : rows) {
      sb.append(row.canonicalJson()).append('\n');
    }
    return sb.toString();
  }
}
