package dev.weft.server.datasets;

import dev.weft.datasets.DatasetInfo;
import dev.weft.datasets.DatasetVersion;
import dev.weft.datasets.Digests;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for datasets, over the reactive PostgreSQL client. Rows and version orderings are written
 * with one {@code insert ... select from unnest(...)} per chunk, never row by row.
 */
@ApplicationScoped
public class DatasetRepository {

  /** Rows per multi-row statement: large enough to amortise round trips, small enough to bind. */
  static final int CHUNK = 5000;

  private static final String VERSION_COLUMNS =
      "v.id, v.number, v.digest, v.row_count, v.base, v.message, v.created_at,"
          + " array(select t.tag from dataset_tags t where t.version_id = v.id order by t.tag)"
          + " as tags";

  @Inject Pool pool;

  /** A dataset's key and name. */
  record DatasetRef(long id, String name) {}

  /** A stored version with its database id. */
  record StoredVersion(long id, DatasetVersion view) {}

  /** One stored row of a version. */
  record StoredRow(int position, String digest, String data) {}

  Pool pool() {
    return pool;
  }

  Uni<DatasetInfo> insertDataset(long projectId, String name, String description) {
    return pool.preparedQuery(
            "insert into datasets (project_id, name, description) values ($1, $2, $3)"
                + " on conflict (project_id, name) do nothing returning created_at")
        .execute(Tuple.of(projectId, name, description))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : new DatasetInfo(
                        name,
                        description,
                        null,
                        Map.of(),
                        rows.iterator().next().getOffsetDateTime(0).toString()));
  }

  Uni<List<DatasetInfo>> listDatasets(long projectId) {
    return pool.preparedQuery(
            "select d.name, d.description, d.created_at,"
                + " (select max(number) from dataset_versions v where v.dataset_id = d.id),"
                + " (select array_agg(t.tag || '=' || v.number) from dataset_tags t"
                + "   join dataset_versions v on v.id = t.version_id where t.dataset_id = d.id)"
                + " from datasets d where d.project_id = $1 order by d.name")
        .execute(Tuple.of(projectId))
        .map(
            rows -> {
              List<DatasetInfo> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(info(r));
              }
              return out;
            });
  }

  Uni<DatasetInfo> dataset(long projectId, String name) {
    return pool.preparedQuery(
            "select d.name, d.description, d.created_at,"
                + " (select max(number) from dataset_versions v where v.dataset_id = d.id),"
                + " (select array_agg(t.tag || '=' || v.number) from dataset_tags t"
                + "   join dataset_versions v on v.id = t.version_id where t.dataset_id = d.id)"
                + " from datasets d where d.project_id = $1 and d.name = $2")
        .execute(Tuple.of(projectId, name))
        .map(rows -> rows.size() == 0 ? null : info(rows.iterator().next()));
  }

  private static DatasetInfo info(Row r) {
    Map<String, Integer> tags = new LinkedHashMap<>();
    String[] pairs = r.getArrayOfStrings(4);
    if (pairs != null) {
      Arrays.sort(pairs);
      for (String p : pairs) {
        int eq = p.lastIndexOf('=');
        tags.put(p.substring(0, eq), Integer.parseInt(p.substring(eq + 1)));
      }
    }
    return new DatasetInfo(
        r.getString(0), r.getString(1), r.getInteger(3), tags, r.getOffsetDateTime(2).toString());
  }

  /** The dataset's key, locking it for the rest of the transaction when {@code lock}. */
  Uni<DatasetRef> datasetRef(SqlClient sql, long projectId, String name, boolean lock) {
    return sql.preparedQuery(
            "select id, name from datasets where project_id = $1 and name = $2"
                + (lock ? " for update" : ""))
        .execute(Tuple.of(projectId, name))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return new DatasetRef(r.getLong(0), r.getString(1));
            });
  }

  Uni<StoredVersion> latest(SqlClient sql, DatasetRef ds) {
    return version(sql, ds, "order by v.number desc limit 1", Tuple.of(ds.id()));
  }

  Uni<StoredVersion> byNumber(SqlClient sql, DatasetRef ds, int number) {
    return version(sql, ds, "and v.number = $2", Tuple.of(ds.id(), number));
  }

  Uni<StoredVersion> byDigest(SqlClient sql, DatasetRef ds, String digest) {
    return version(
        sql,
        ds,
        "and v.digest = $2 order by v.number desc limit 1",
        Tuple.of(ds.id(), Buffer.buffer(Digests.toBytes(digest))));
  }

  Uni<StoredVersion> byTag(SqlClient sql, DatasetRef ds, String tag) {
    return version(
        sql,
        ds,
        "and v.id = (select version_id from dataset_tags where dataset_id = $1 and tag = $2)",
        Tuple.of(ds.id(), tag));
  }

  private Uni<StoredVersion> version(SqlClient sql, DatasetRef ds, String where, Tuple params) {
    return sql.preparedQuery(
            "select "
                + VERSION_COLUMNS
                + " from dataset_versions v where v.dataset_id = $1 "
                + where)
        .execute(params)
        .map(rows -> rows.size() == 0 ? null : stored(ds, rows.iterator().next()));
  }

  Uni<List<DatasetVersion>> versions(SqlClient sql, DatasetRef ds) {
    return sql.preparedQuery(
            "select "
                + VERSION_COLUMNS
                + " from dataset_versions v where v.dataset_id = $1 order by v.number")
        .execute(Tuple.of(ds.id()))
        .map(
            rows -> {
              List<DatasetVersion> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(stored(ds, r).view());
              }
              return out;
            });
  }

  private static StoredVersion stored(DatasetRef ds, Row r) {
    String[] tags = r.getArrayOfStrings("tags");
    OffsetDateTime created = r.getOffsetDateTime("created_at");
    return new StoredVersion(
        r.getLong("id"),
        new DatasetVersion(
            ds.name(),
            r.getInteger("number"),
            Digests.toHex(r.getBuffer("digest").getBytes()),
            r.getInteger("row_count"),
            r.getInteger("base"),
            r.getString("message"),
            tags == null ? List.of() : List.of(tags),
            created.toString()));
  }

  /** The row digests of a version, in order. */
  Uni<List<String>> rowDigests(SqlClient sql, long versionId) {
    return sql.preparedQuery(
            "select row_digest from dataset_version_rows where version_id = $1 order by position")
        .execute(Tuple.of(versionId))
        .map(
            rows -> {
              List<String> out = new ArrayList<>(rows.size());
              for (Row r : rows) {
                out.add(Digests.toHex(r.getBuffer(0).getBytes()));
              }
              return out;
            });
  }

  /** Rows of a version after a position, in order, with their data. */
  Uni<List<StoredRow>> rows(
      SqlClient sql, long projectId, long versionId, int afterPosition, int limit) {
    return sql.preparedQuery(
            "select vr.position, vr.row_digest, r.data from dataset_version_rows vr"
                + " join dataset_rows r on r.project_id = $1 and r.digest = vr.row_digest"
                + " where vr.version_id = $2 and vr.position > $3"
                + " order by vr.position limit $4")
        .execute(Tuple.of(projectId, versionId, afterPosition, limit))
        .map(
            rows -> {
              List<StoredRow> out = new ArrayList<>(rows.size());
              for (Row r : rows) {
                out.add(
                    new StoredRow(
                        r.getInteger(0), Digests.toHex(r.getBuffer(1).getBytes()), r.getString(2)));
              }
              return out;
            });
  }

  /** The canonical JSON of the given rows of the project, by digest. */
  Uni<Map<String, String>> rowData(SqlClient sql, long projectId, List<String> digests) {
    if (digests.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    Buffer[] keys =
        digests.stream().map(d -> Buffer.buffer(Digests.toBytes(d))).toArray(Buffer[]::new);
    return sql.preparedQuery(
            "select digest, data from dataset_rows where project_id = $1"
                + " and digest = any($2::bytea[])")
        .execute(Tuple.of(projectId, keys))
        .map(
            rows -> {
              Map<String, String> out = new LinkedHashMap<>();
              for (Row r : rows) {
                out.put(Digests.toHex(r.getBuffer(0).getBytes()), r.getString(1));
              }
              return out;
            });
  }

  /** Stores rows not yet stored for the project; existing ones are left as they are. */
  Uni<Void> insertRows(SqlClient sql, long projectId, Map<String, String> rows) {
    List<Map.Entry<String, String>> all = new ArrayList<>(rows.entrySet());
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<Map.Entry<String, String>> part = all.subList(from, Math.min(all.size(), from + CHUNK));
      Buffer[] digests = new Buffer[part.size()];
      String[] data = new String[part.size()];
      for (int i = 0; i < part.size(); i++) {
        digests[i] = Buffer.buffer(Digests.toBytes(part.get(i).getKey()));
        data[i] = part.get(i).getValue();
      }
      chain =
          chain.flatMap(
              v ->
                  sql.preparedQuery(
                          "insert into dataset_rows (project_id, digest, data)"
                              + " select $1, d, x from unnest($2::bytea[], $3::text[]) as t(d, x)"
                              + " on conflict do nothing")
                      .execute(Tuple.of(projectId, digests, data))
                      .replaceWithVoid());
    }
    return chain;
  }

  /** Inserts a version and its ordering; returns its id. */
  Uni<Long> insertVersion(
      SqlClient sql,
      DatasetRef ds,
      int number,
      String digest,
      Integer base,
      String message,
      List<String> rowDigests) {
    return sql.preparedQuery(
            "insert into dataset_versions (dataset_id, number, digest, row_count, base, message)"
                + " values ($1, $2, $3, $4, $5, $6) returning id")
        .execute(
            Tuple.tuple(
                Arrays.asList(
                    ds.id(),
                    number,
                    Buffer.buffer(Digests.toBytes(digest)),
                    rowDigests.size(),
                    base,
                    message)))
        .flatMap(
            rows -> {
              long id = rows.iterator().next().getLong(0);
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (int from = 0; from < rowDigests.size(); from += CHUNK) {
                int start = from;
                int end = Math.min(rowDigests.size(), from + CHUNK);
                Integer[] positions = new Integer[end - start];
                Buffer[] digests = new Buffer[end - start];
                for (int i = start; i < end; i++) {
                  positions[i - start] = i;
                  digests[i - start] = Buffer.buffer(Digests.toBytes(rowDigests.get(i)));
                }
                chain =
                    chain.flatMap(
                        v ->
                            sql.preparedQuery(
                                    "insert into dataset_version_rows"
                                        + " (version_id, position, row_digest)"
                                        + " select $1, p, d from unnest($2::int[], $3::bytea[])"
                                        + " as t(p, d)")
                                .execute(Tuple.of(id, positions, digests))
                                .replaceWithVoid());
              }
              return chain.replaceWith(id);
            });
  }

  Uni<Void> putTag(SqlClient sql, DatasetRef ds, String tag, long versionId) {
    return sql.preparedQuery(
            "insert into dataset_tags (dataset_id, tag, version_id) values ($1, $2, $3)"
                + " on conflict (dataset_id, tag) do update set version_id = excluded.version_id,"
                + " updated_at = now()")
        .execute(Tuple.of(ds.id(), tag, versionId))
        .replaceWithVoid();
  }

  Uni<Boolean> deleteTag(SqlClient sql, DatasetRef ds, String tag) {
    return sql.preparedQuery("delete from dataset_tags where dataset_id = $1 and tag = $2")
        .execute(Tuple.of(ds.id(), tag))
        .map(rows -> rows.rowCount() > 0);
  }
}
