package dev.weft.datasets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes that make a new version from a base version: the body of {@code POST
 * .../datasets/{name}/versions}.
 *
 * <p>Applied to the base's rows in this order: {@code replace} (positions and digests refer to the
 * base), then {@code delete}, then {@code append}. A position or digest that is not in the base is
 * an error; so is replacing and deleting the same row. With no base (the first version) only {@code
 * append} applies. When {@code base} is not the latest version the server answers 409 unless {@code
 * force} is set, in which case the edits apply to the given base and the result becomes the latest
 * version.
 *
 * @param base the version number the edits were made against ({@code null} for the first)
 * @param force apply even when {@code base} is no longer the latest version
 * @param message a note stored with the version
 * @param append rows added at the end
 * @param replace rows replaced, by position or digest
 * @param delete positions to remove
 * @param deleteDigests digests of rows to remove (every occurrence)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DatasetEdit(
    Integer base,
    boolean force,
    String message,
    List<ObjectNode> append,
    List<Replacement> replace,
    List<Integer> delete,
    List<String> deleteDigests) {

  /** Null lists become empty. */
  public DatasetEdit {
    append = append == null ? List.of() : List.copyOf(append);
    replace = replace == null ? List.of() : List.copyOf(replace);
    delete = delete == null ? List.of() : List.copyOf(delete);
    deleteDigests = deleteDigests == null ? List.of() : List.copyOf(deleteDigests);
  }

  /**
   * One replaced row: give either the position or the digest of the row to replace.
   *
   * @param position 0-based position in the base version
   * @param digest digest of the row to replace (every occurrence)
   * @param row the new content
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Replacement(Integer position, String digest, ObjectNode row) {}

  /** A builder against the given base version ({@code null} for the first version). */
  public static Builder against(Integer base) {
    return new Builder(base);
  }

  /** Builds a {@link DatasetEdit}. */
  public static final class Builder {
    private final Integer base;
    private boolean force;
    private String message;
    private final List<ObjectNode> append = new ArrayList<>();
    private final List<Replacement> replace = new ArrayList<>();
    private final List<Integer> delete = new ArrayList<>();
    private final List<String> deleteDigests = new ArrayList<>();

    private Builder(Integer base) {
      this.base = base;
    }

    /** Applies the edits even if the base is no longer the latest version. */
    public Builder force() {
      this.force = true;
      return this;
    }

    /** A note stored with the version. */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /** Appends rows. */
    public Builder append(DatasetRow... rows) {
      for (DatasetRow r : rows) {
        append.add(r.data());
      }
      return this;
    }

    /** Appends rows. */
    public Builder append(Iterable<DatasetRow> rows) {
      rows.forEach(r -> append.add(r.data()));
      return this;
    }

    /** Replaces the row at a position of the base. */
    public Builder replace(int position, DatasetRow row) {
      replace.add(new Replacement(position, null, row.data()));
      return this;
    }

    /** Replaces every row with the given digest. */
    public Builder replace(String digest, DatasetRow row) {
      replace.add(new Replacement(null, digest, row.data()));
      return this;
    }

    /** Deletes the row at a position of the base. */
    public Builder delete(int position) {
      delete.add(position);
      return this;
    }

    /** Deletes every row with the given digest. */
    public Builder delete(String digest) {
      deleteDigests.add(digest);
      return this;
    }

    /** The edit. */
    public DatasetEdit build() {
      return new DatasetEdit(base, force, message, append, replace, delete, deleteDigests);
    }
  }
}
