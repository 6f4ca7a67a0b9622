package dev.weft.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV (RFC 4180, comma-separated, double-quoted fields may span lines). The first record is the
 * header and names the fields; every later record becomes one row whose values are strings (CSV has
 * no types: a cell {@code 42} is the string {@code "42"}). When writing, string values are written
 * as they are, {@code null} and missing fields as empty cells, and other values (numbers, booleans,
 * objects, arrays) as their canonical JSON.
 */
public final class Csv {

  private static final CSVFormat READ =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(false).get();
  private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

  private Csv() {}

  /**
   * Reads every row.
   *
   * @throws DatasetFormatException naming the line of the first bad record (wrong number of cells,
   *     unbalanced quotes) or the header's problem (empty, blank or duplicate names)
   */
  public static List<DatasetRow> read(Reader reader) {
    return read(reader, Integer.MAX_VALUE);
  }

  /**
   * Reads at most {@code maxRows} rows.
   *
   * @throws DatasetFormatException as {@link #read(Reader)}, and naming the line of row {@code
   *     maxRows + 1} when there are more rows than that
   */
  public static List<DatasetRow> read(Reader reader, int maxRows) {
    List<DatasetRow> rows = new ArrayList<>();
    long startLine = 1;
    try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(READ).get()) {
      Iterator<CSVRecord> it = parser.iterator();
      List<String> header = null;
      while (true) {
        startLine = parser.getCurrentLineNumber() + 1;
        CSVRecord record;
        try {
          if (!it.hasNext()) {
            break;
          }
          record = it.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          throw new DatasetFormatException(
              startLine, "malformed CSV: " + DatasetFormatException.shortMessage(e));
        }
        if (header == null) {
          header = header(record, startLine);
          continue;
        }
        if (record.size() != header.size()) {
          throw new DatasetFormatException(
              startLine,
              "has "
                  + record.size()
                  + " cells but the header names "
                  + header.size()
                  + " columns "
                  + header);
        }
        if (rows.size() == maxRows) {
          throw new DatasetFormatException(
              startLine,
              "more than " + maxRows + " rows; split the input into smaller parts",
              true);
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), record.get(i));
        }
        rows.add(DatasetRow.of(row));
      }
      if (header == null) {
        throw new DatasetFormatException(1, "empty CSV: the first line must name the columns");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static List<String> header(CSVRecord record, long line) {
    List<String> names = new ArrayList<>(record.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < record.size(); i++) {
      String name = record.get(i);
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1);
      }
      if (name.isBlank()) {
        throw new DatasetFormatException(
            line, "header column " + (i + 1) + " has no name; every column needs one");
      }
      if (!seen.add(name)) {
        throw new DatasetFormatException(line, "header names column '" + name + "' twice");
      }
      names.add(name);
    }
    return names;
  }

  /** The columns for writing rows: every field name, in order of first appearance. */
  public static List<String> columns(Iterable<DatasetRow> rows) {
    Set<String> names = new LinkedHashSet<>();
    for (DatasetRow row : rows) {
      row.data().fieldNames().forEachRemaining(names::add);
    }
    return List.copyOf(names);
  }

  /** Writes a header of {@link #columns} and one record per row. */
  public static void write(List<DatasetRow> rows, Writer out) {
    write(columns(rows), rows, out);
  }

  /** Writes the given header and one record per row. */
  public static void write(List<String> columns, Iterable<DatasetRow> rows, Writer out) {
    try {
      CSVPrinter printer = new CSVPrinter(out, WRITE);
      printer.printRecord(columns);
      List<String> cells = new ArrayList<>(columns.size());
      for (DatasetRow row : rows) {
        cells.clear();
        for (String c : columns) {
          cells.add(cell(row.data().get(c)));
        }
        printer.printRecord(cells);
      }
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String cell(JsonNode v) {
    if (v == null || v.isNull()) {
      return "";
    }
    return v.isTextual() ? v.textValue() : CanonicalJson.write(v);
  }
}
