package dev.weft.datasets;

import java.util.List;
import java.util.Objects;

/**
 * A dataset version's content: an ordered, immutable list of rows, with the dataset's name and the
 * version it came from. Local datasets (read from a file) have no version number; their {@link
 * #digest()} is still the digest the server would give the same rows.
 *
 * @param name the dataset's name
 * @param version the version number on the server, or {@code null} for local data
 * @param rows the rows in order
 */
public record Dataset(String name, Integer version, List<DatasetRow> rows) {

  /** Copies the row list so the dataset cannot change under its digest. */
  public Dataset {
    Objects.requireNonNull(name, "name");
    rows = List.copyOf(rows);
  }

  /** A local dataset (no server version). */
  public static Dataset of(String name, List<DatasetRow> rows) {
    return new Dataset(name, null, rows);
  }

  /** The version digest of these rows, see {@link Digests#version}. */
  public String digest() {
    return Digests.version(rows.stream().map(DatasetRow::digest).toList());
  }

  /** Number of rows. */
  public int size() {
    return rows.size();
  }
}
