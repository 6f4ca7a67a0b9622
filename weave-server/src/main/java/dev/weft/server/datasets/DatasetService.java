package dev.weft.server.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.datasets.CanonicalJson;
import dev.weft.datasets.DatasetDiff;
import dev.weft.datasets.DatasetEdit;
import dev.weft.datasets.DatasetInfo;
import dev.weft.datasets.DatasetRow;
import dev.weft.datasets.DatasetVersion;
import dev.weft.datasets.Digests;
import dev.weft.datasets.TraceSelection;
import dev.weft.server.common.ProblemException;
import dev.weft.server.datasets.DatasetRepository.DatasetRef;
import dev.weft.server.datasets.DatasetRepository.StoredRow;
import dev.weft.server.datasets.DatasetRepository.StoredVersion;
import dev.weft.server.traces.TraceRepository;
import dev.weft.server.traces.TraceViews.SpanView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Datasets of a project: creation, versions made from edits or uploads (each in one transaction,
 * rows written in batches), reads, diffs, tags, and rows made from traces.
 */
@ApplicationScoped
public class DatasetService {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern TAG = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,62}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
  private static final Pattern HEX_ID = Pattern.compile("[0-9a-fA-F]+");

  @Inject DatasetRepository repo;
  @Inject DatasetsConfig config;
  @Inject TraceRepository traces;

  /**
   * A version written (or found unchanged).
   *
   * @param version the version
   * @param created false when the edits produced the latest version's rows again, so nothing was
   *     stored
   */
  public record Written(DatasetVersion version, boolean created) {}

  /**
   * A page of stored rows.
   *
   * @param version the version read
   * @param rows rows in position order (data is canonical JSON text)
   * @param nextAfter position to continue after, or {@code null} at the end
   */
  public record StoredPage(DatasetVersion version, List<StoredRow> rows, Integer nextAfter) {}

  static String tooLargeMessage(long bytes, DatasetsConfig config) {
    return "the request body has "
        + bytes
        + " bytes; the limit is "
        + config.maxUploadBytes()
        + " (weft.datasets.max-upload-bytes): split the upload and append the parts"
        + " (import?mode=append)";
  }

  /** Creates an empty dataset; 409 when the name is taken. */
  public Uni<DatasetInfo> create(long projectId, String name, String description) {
    validName(name);
    return repo.insertDataset(projectId, name, description)
        .onItem()
        .ifNull()
        .failWith(
            () ->
                ProblemException.conflict(
                    "a dataset named '" + name + "' already exists in this project"));
  }

  /** All datasets of the project. */
  public Uni<List<DatasetInfo>> list(long projectId) {
    return repo.listDatasets(projectId);
  }

  /** One dataset; 404 when missing. */
  public Uni<DatasetInfo> get(long projectId, String name) {
    return repo.dataset(projectId, name).onItem().ifNull().failWith(() -> missing(name));
  }

  /** A new version from edits against a base. */
  public Uni<Written> commit(long projectId, String name, DatasetEdit edit) {
    int given = edit.append().size() + edit.replace().size();
    if (given > config.maxRowsPerRequest()) {
      return Uni.createFrom().failure(tooManyRows(given));
    }
    return write(
        projectId,
        name,
        edit.base(),
        true,
        edit.force(),
        edit.message(),
        base -> VersionPlan.edit(base, edit));
  }

  /** A new version from uploaded rows: appended to the base, or replacing all its rows. */
  public Uni<Written> importRows(
      long projectId,
      String name,
      List<DatasetRow> rows,
      boolean append,
      Integer base,
      boolean force,
      String message) {
    return write(
        projectId,
        name,
        base,
        false,
        force,
        message,
        baseRows -> VersionPlan.append(baseRows, rows, !append));
  }

  /** Rows made from traces or spans, appended as a new version. */
  public Uni<Written> fromTraces(long projectId, String name, TraceSelection selection) {
    int selected = selection.traceIds().size() + selection.spans().size();
    if (selected == 0) {
      return Uni.createFrom()
          .failure(
              ProblemException.badRequest(
                  "select something: {\"traceIds\": [\"<32 hex>\"]} or {\"spans\":"
                      + " [{\"traceId\": \"<32 hex>\", \"spanId\": \"<16 hex>\"}]}"));
    }
    if (selected > config.maxTraceSelection()) {
      return Uni.createFrom()
          .failure(
              ProblemException.tooLarge(
                  selected
                      + " traces and spans selected; the limit is "
                      + config.maxTraceSelection()
                      + " per request (weft.datasets.max-trace-selection)"));
    }
    // Fail on a bad id before touching the database.
    List<byte[]> traceIds = new ArrayList<>();
    for (String t : selection.traceIds()) {
      traceIds.add(hexId("trace id", t, 16));
    }
    List<byte[][]> spanIds = new ArrayList<>();
    for (TraceSelection.SpanRef s : selection.spans()) {
      if (s == null) {
        return Uni.createFrom()
            .failure(ProblemException.badRequest("spans: each entry needs traceId and spanId"));
      }
      spanIds.add(
          new byte[][] {hexId("trace id", s.traceId(), 16), hexId("span id", s.spanId(), 8)});
    }
    Uni<List<DatasetRow>> rows = Uni.createFrom().item(new ArrayList<>());
    for (byte[] t : traceIds) {
      rows =
          rows.flatMap(
              acc ->
                  traces
                      .spans(projectId, t)
                      .map(
                          spans -> {
                            if (spans.isEmpty()) {
                              throw ProblemException.notFound(
                                  "trace " + HexFormat.of().formatHex(t) + " not found");
                            }
                            for (SpanView s : pick(spans, selection.allSpans())) {
                              acc.add(row(s));
                            }
                            return acc;
                          }));
    }
    for (byte[][] s : spanIds) {
      rows =
          rows.flatMap(
              acc ->
                  traces
                      .span(projectId, s[0], s[1])
                      .map(
                          span -> {
                            if (span == null) {
                              throw ProblemException.notFound(
                                  "span "
                                      + HexFormat.of().formatHex(s[1])
                                      + " of trace "
                                      + HexFormat.of().formatHex(s[0])
                                      + " not found");
                            }
                            acc.add(row(span));
                            return acc;
                          }));
    }
    return rows.flatMap(
        list ->
            write(
                projectId,
                name,
                selection.base(),
                false,
                selection.force(),
                selection.message(),
                base -> VersionPlan.append(base, list, false)));
  }

  /** The roots of a trace (spans whose parent is not in it), or every span with input/output. */
  private static List<SpanView> pick(List<SpanView> spans, boolean all) {
    List<SpanView> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    spans.forEach(s -> ids.add(s.spanId()));
    List<SpanView> sorted = new ArrayList<>(spans);
    sorted.sort((a, b) -> a.startTime().compareTo(b.startTime()));
    for (SpanView s : sorted) {
      if (all
          ? (s.input() != null || s.output() != null)
          : (s.parentSpanId() == null || !ids.contains(s.parentSpanId()))) {
        out.add(s);
      }
    }
    return out;
  }

  /** A span's input and output as a row. */
  static DatasetRow row(SpanView s) {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    row.set("input", json(s.input()));
    row.set("output", json(s.output()));
    row.put("trace_id", s.traceId());
    row.put("span_id", s.spanId());
    row.put("name", s.name());
    if (s.model() != null) {
      row.put("model", s.model());
    }
    return DatasetRow.of(row);
  }

  private static JsonNode json(String raw) {
    return raw == null ? JsonNodeFactory.instance.nullNode() : CanonicalJson.parse(raw);
  }

  private static byte[] hexId(String what, String hex, int bytes) {
    if (hex == null || hex.length() != bytes * 2 || !HEX_ID.matcher(hex).matches()) {
      throw ProblemException.badRequest(
          what + " '" + hex + "' is not " + (bytes * 2) + " hexadecimal characters");
    }
    return HexFormat.of().parseHex(hex.toLowerCase());
  }

  /**
   * Makes a version in one transaction: locks the dataset, checks the base against the latest
   * version, plans the rows, stores the rows not stored yet and the version's ordering.
   *
   * @param baseRequired edits need a base once a version exists; uploads default to the latest
   */
  private Uni<Written> write(
      long projectId,
      String name,
      Integer base,
      boolean baseRequired,
      boolean force,
      String message,
      Function<List<String>, VersionPlan> planner) {
    return repo.pool()
        .withTransaction(
            tx ->
                repo.datasetRef(tx, projectId, name, true)
                    .onItem()
                    .ifNull()
                    .failWith(() -> missing(name))
                    .flatMap(
                        ds ->
                            repo.latest(tx, ds)
                                .flatMap(
                                    latest ->
                                        baseVersion(tx, ds, latest, base, baseRequired, force)
                                            .flatMap(
                                                b ->
                                                    b == null
                                                        ? Uni.createFrom().item(List.<String>of())
                                                        : repo.rowDigests(tx, b.id()))
                                            .flatMap(
                                                baseRows ->
                                                    store(
                                                        tx,
                                                        projectId,
                                                        ds,
                                                        latest,
                                                        base == null && latest != null
                                                            ? Integer.valueOf(
                                                                latest.view().number())
                                                            : base,
                                                        message,
                                                        planner.apply(baseRows))))))
        .onFailure(PgException.class)
        .transform(
            e ->
                "23505".equals(((PgException) e).getSqlState())
                    ? ProblemException.conflict(
                        "another version of '"
                            + name
                            + "' was written at the same time; read the latest version and"
                            + " retry")
                    : e);
  }

  private Uni<StoredVersion> baseVersion(
      SqlClient tx,
      DatasetRef ds,
      StoredVersion latest,
      Integer base,
      boolean baseRequired,
      boolean force) {
    if (base == null) {
      if (latest != null && baseRequired) {
        throw ProblemException.badRequest(
            "dataset '"
                + ds.name()
                + "' has versions: give the version your edits are based on, e.g. \"base\": "
                + latest.view().number());
      }
      return Uni.createFrom().item(latest);
    }
    if (latest == null) {
      throw ProblemException.badRequest(
          "dataset '" + ds.name() + "' has no versions yet: leave \"base\" out for the first one");
    }
    if (base == latest.view().number()) {
      return Uni.createFrom().item(latest);
    }
    if (base < 1 || base > latest.view().number()) {
      throw ProblemException.notFound(
          "dataset '"
              + ds.name()
              + "' has no version "
              + base
              + "; the latest is "
              + latest.view().number());
    }
    if (!force) {
      throw ProblemException.conflict(
          "base version "
              + base
              + " of '"
              + ds.name()
              + "' is stale: the latest is "
              + latest.view().number()
              + ". Re-apply your edits to version "
              + latest.view().number()
              + " (GET .../diff?from="
              + base
              + "&to="
              + latest.view().number()
              + " shows what changed), or send force=true to build on "
              + base
              + " anyway");
    }
    return repo.byNumber(tx, ds, base);
  }

  private Uni<Written> store(
      SqlClient tx,
      long projectId,
      DatasetRef ds,
      StoredVersion latest,
      Integer base,
      String message,
      VersionPlan plan) {
    String digest = plan.digest();
    if (latest != null && latest.view().digest().equals(digest)) {
      return Uni.createFrom().item(new Written(latest.view(), false));
    }
    if (plan.digests().size() > config.maxRowsPerVersion()) {
      throw ProblemException.tooLarge(
          "the new version would have "
              + plan.digests().size()
              + " rows; the limit is "
              + config.maxRowsPerVersion()
              + " (weft.datasets.max-rows-per-version)");
    }
    int number = latest == null ? 1 : latest.view().number() + 1;
    return repo.insertRows(tx, projectId, plan.newRows())
        .flatMap(v -> repo.insertVersion(tx, ds, number, digest, base, message, plan.digests()))
        .flatMap(id -> repo.byNumber(tx, ds, number))
        .map(v -> new Written(v.view(), true));
  }

  /** All versions, oldest first. */
  public Uni<List<DatasetVersion>> versions(long projectId, String name) {
    return repo.pool()
        .withConnection(c -> dataset(c, projectId, name).flatMap(ds -> repo.versions(c, ds)));
  }

  /** One version by reference. */
  public Uni<DatasetVersion> version(long projectId, String name, String ref) {
    return repo.pool()
        .withConnection(c -> dataset(c, projectId, name).flatMap(ds -> resolve(c, ds, ref)))
        .map(StoredVersion::view);
  }

  /** A page of rows after a position. */
  public Uni<StoredPage> rows(long projectId, String name, String ref, int after, int limit) {
    if (limit < 1 || limit > config.maxPageSize()) {
      return Uni.createFrom()
          .failure(
              ProblemException.badRequest(
                  "limit must be between 1 and " + config.maxPageSize() + ", got " + limit));
    }
    return repo.pool()
        .withConnection(
            c ->
                dataset(c, projectId, name)
                    .flatMap(ds -> resolve(c, ds, ref))
                    .flatMap(
                        v ->
                            repo.rows(c, projectId, v.id(), Math.max(after, -1), limit + 1)
                                .map(
                                    rows -> {
                                      boolean more = rows.size() > limit;
                                      List<StoredRow> page = more ? rows.subList(0, limit) : rows;
                                      return new StoredPage(
                                          v.view(),
                                          page,
                                          more ? page.get(page.size() - 1).position() : null);
                                    })));
  }

  /** Every row of a version, in order (for export and diff). */
  public Uni<StoredPage> allRows(long projectId, String name, String ref) {
    return repo.pool()
        .withConnection(
            c ->
                dataset(c, projectId, name)
                    .flatMap(ds -> resolve(c, ds, ref))
                    .flatMap(
                        v ->
                            repo.rows(c, projectId, v.id(), -1, Integer.MAX_VALUE)
                                .map(rows -> new StoredPage(v.view(), rows, null))));
  }

  /** The differences between two versions (see {@link DatasetDiff} for how rows are matched). */
  public Uni<DatasetDiff> diff(long projectId, String name, String from, String to) {
    return allRows(projectId, name, from)
        .flatMap(a -> allRows(projectId, name, to).map(b -> DatasetDiff.between(rows(a), rows(b))));
  }

  private static List<DatasetRow> rows(StoredPage page) {
    List<DatasetRow> out = new ArrayList<>(page.rows().size());
    for (StoredRow r : page.rows()) {
      out.add(new DatasetRow((ObjectNode) CanonicalJson.parse(r.data()), r.digest()));
    }
    return out;
  }

  /** Points a tag at a version (creating or moving it). */
  public Uni<DatasetVersion> tag(long projectId, String name, String tag, Integer version) {
    if (tag == null || !TAG.matcher(tag).matches() || tag.equals("latest")) {
      return Uni.createFrom()
          .failure(
              ProblemException.badRequest(
                  "tag '"
                      + tag
                      + "' is not allowed: start with a letter, then up to 62 letters, digits,"
                      + " '.', '_' or '-' (and not 'latest'), e.g. prod or v2"));
    }
    if (version == null) {
      return Uni.createFrom()
          .failure(ProblemException.badRequest("send the version to tag: {\"version\": 3}"));
    }
    return repo.pool()
        .withTransaction(
            tx ->
                dataset(tx, projectId, name)
                    .flatMap(
                        ds ->
                            resolve(tx, ds, Integer.toString(version))
                                .flatMap(
                                    v ->
                                        repo.putTag(tx, ds, tag, v.id())
                                            .flatMap(x -> repo.byNumber(tx, ds, version)))))
        .map(StoredVersion::view);
  }

  /** Removes a tag; 404 when it does not exist. */
  public Uni<Void> untag(long projectId, String name, String tag) {
    return repo.pool()
        .withTransaction(
            tx ->
                dataset(tx, projectId, name)
                    .flatMap(ds -> repo.deleteTag(tx, ds, tag))
                    .invoke(
                        found -> {
                          if (!found) {
                            throw ProblemException.notFound(
                                "dataset '" + name + "' has no tag '" + tag + "'");
                          }
                        }))
        .replaceWithVoid();
  }

  private Uni<DatasetRef> dataset(SqlClient c, long projectId, String name) {
    return repo.datasetRef(c, projectId, name, false)
        .onItem()
        .ifNull()
        .failWith(() -> missing(name));
  }

  /** A version by number, tag, digest or {@code latest}. */
  private Uni<StoredVersion> resolve(SqlClient c, DatasetRef ds, String ref) {
    String r = ref == null || ref.isBlank() ? "latest" : ref.trim();
    Uni<StoredVersion> found;
    if (r.equals("latest")) {
      found = repo.latest(c, ds);
    } else if (NUMBER.matcher(r).matches()) {
      found = repo.byNumber(c, ds, Integer.parseInt(r));
    } else if (Digests.isDigest(r)) {
      found = repo.byDigest(c, ds, r);
    } else {
      found = repo.byTag(c, ds, r);
    }
    return found
        .onItem()
        .ifNull()
        .failWith(
            () ->
                ProblemException.notFound(
                    r.equals("latest")
                        ? "dataset '" + ds.name() + "' has no versions yet"
                        : "dataset '"
                            + ds.name()
                            + "' has no version '"
                            + r
                            + "' (give a version number, a tag, a version digest or latest)"));
  }

  ProblemException tooManyRows(long rows) {
    return ProblemException.tooLarge(
        "the request has "
            + rows
            + " rows; the limit is "
            + config.maxRowsPerRequest()
            + " per request (weft.datasets.max-rows-per-request): split it and append the parts");
  }

  private static ProblemException missing(String name) {
    return ProblemException.notFound("no dataset named '" + name + "' in this project");
  }

  private static void validName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ProblemException.badRequest(
          "dataset name '"
              + name
              + "' is not allowed: 1 to 128 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
  }
}
