package dev.weft.server.ingest;

import dev.weft.server.common.GroupCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes spans with group commit ({@link GroupCommit}): rows of concurrent requests wait in one
 * bounded queue and are written together, many requests per statement, by at most {@code
 * weft.ingest.writers} statements in flight. Each statement is one transaction that inserts the
 * spans (duplicates of {@code (project, trace, span, start)} are skipped, so retries are
 * idempotent) and folds the newly inserted ones into the {@code traces} summary rows. A request
 * completes only after the statement holding its rows has committed; a full queue answers 503 with
 * Retry-After.
 */
@ApplicationScoped
public class SpanWriter {

  static final String INSERT_SQL =
      """
      with rows as (
        select * from unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bytea[], $5::text[],
            $6::text[], $7::smallint[], $8::smallint[], $9::text[], $10::timestamptz[],
            $11::timestamptz[], $12::bigint[], $13::text[], $14::text[], $15::text[],
            $16::bigint[], $17::bigint[], $18::bigint[], $19::float8[], $20::text[], $21::text[],
            $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[],
            $28::text[], $29::text[], $30::text[])
          as r(project_id, trace_id, span_id, parent_span_id, name, category, otel_kind,
               status_code, status_message, start_time, end_time, duration_ns, operation,
               provider, model, input_tokens, output_tokens, total_tokens, cost_usd, session_id,
               run_id, prompt_name, prompt_version, error_type, input, output, attributes,
               events, links, resource)
      ), inserted as (
        insert into spans (project_id, trace_id, span_id, parent_span_id, name, category,
            otel_kind, status_code, status_message, start_time, end_time, duration_ns, operation,
            provider, model, input_tokens, output_tokens, total_tokens, cost_usd, session_id,
            run_id, prompt_name, prompt_version, error_type, input, output, attributes, events,
            links, resource)
        select project_id, trace_id, span_id, parent_span_id, name, category, otel_kind,
            status_code, status_message, start_time, end_time, duration_ns, operation, provider,
            model, input_tokens, output_tokens, total_tokens, cost_usd, session_id, run_id,
            prompt_name, prompt_version, error_type, input::jsonb, output::jsonb,
            attributes::jsonb, events::jsonb, links::jsonb, resource::jsonb
        from rows
        on conflict do nothing
        returning project_id, trace_id, span_id, parent_span_id, name, start_time, end_time,
            status_code, input_tokens, output_tokens, total_tokens, cost_usd, model, provider,
            category, session_id, run_id
      )
      insert into traces as t (project_id, trace_id, root_span_id, root_name, first_name,
          start_time, end_time, span_count, error_count, input_tokens, output_tokens,
          total_tokens, cost_usd, models, providers, categories, session_id, run_id)
      select project_id, trace_id,
          (array_agg(span_id) filter (where parent_span_id is null))[1],
          (array_agg(name) filter (where parent_span_id is null))[1],
          (array_agg(name order by start_time))[1],
          min(start_time), max(end_time), count(*), count(*) filter (where status_code = 2),
          coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),
          coalesce(sum(total_tokens), 0), sum(cost_usd),
          coalesce(array_agg(distinct model) filter (where model is not null), '{}'),
          coalesce(array_agg(distinct provider) filter (where provider is not null), '{}'),
          array_agg(distinct category),
          min(session_id), min(run_id)
      from inserted
      group by project_id, trace_id
      order by project_id, trace_id
      on conflict (project_id, trace_id) do update set
          root_span_id = coalesce(t.root_span_id, excluded.root_span_id),
          root_name = coalesce(t.root_name, excluded.root_name),
          first_name = case when excluded.start_time < t.start_time
                            then excluded.first_name else t.first_name end,
          start_time = least(t.start_time, excluded.start_time),
          end_time = greatest(t.end_time, excluded.end_time),
          span_count = t.span_count + excluded.span_count,
          error_count = t.error_count + excluded.error_count,
          input_tokens = t.input_tokens + excluded.input_tokens,
          output_tokens = t.output_tokens + excluded.output_tokens,
          total_tokens = t.total_tokens + excluded.total_tokens,
          cost_usd = case when t.cost_usd is null and excluded.cost_usd is null then null
                          else coalesce(t.cost_usd, 0) + coalesce(excluded.cost_usd, 0) end,
          models = array(select distinct unnest(t.models || excluded.models)),
          providers = array(select distinct unnest(t.providers || excluded.providers)),
          categories = array(select distinct unnest(t.categories || excluded.categories)),
          session_id = coalesce(t.session_id, excluded.session_id),
          run_id = coalesce(t.run_id, excluded.run_id)
      """;

  private final Set<LocalDate> knownPartitions = ConcurrentHashMap.newKeySet();
  private final Pool pool;
  private final GroupCommit<SpanRow> commits;
  private final Counter batches;
  private final Timer writeLatency;
  private final DistributionSummary batchSize;

  /** Creates the writer over the reactive PostgreSQL pool. */
  @Inject
  public SpanWriter(Pool pool, IngestConfig config, MeterRegistry registry) {
    this.pool = pool;
    this.commits =
        new GroupCommit<>(
            "spans",
            config.queueCapacitySpans(),
            config.maxBatchSpans(),
            config.writers(),
            config.retryAfterSeconds(),
            this::execute);
    this.batches =
        Counter.builder("weft.ingest.batches")
            .description("Write statements (each one transaction) executed")
            .register(registry);
    this.writeLatency =
        Timer.builder("weft.ingest.write.latency")
            .description("Time to write and commit one batch")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("weft.ingest.batch.spans")
            .description("Spans per write statement")
            .register(registry);
    registry.gauge("weft.ingest.queue.depth", this, SpanWriter::queuedSpans);
  }

  /** Spans waiting to be written. */
  public int queuedSpans() {
    return commits.queued();
  }

  /**
   * Queues rows and completes once they are committed.
   *
   * @throws dev.weft.server.common.ProblemException (as a failed Uni) 503 when the queue is full
   */
  public Uni<Void> write(List<SpanRow> rows) {
    return commits.submit(rows);
  }

  private Uni<Void> execute(List<SpanRow> batch) {
    List<SpanRow> rows = new ArrayList<>(batch);
    // A stable order keeps concurrent writers taking trace-row locks in the same order.
    rows.sort(ROW_ORDER);
    batches.increment();
    batchSize.record(rows.size());
    long started = System.nanoTime();
    return ensurePartitions(rows)
        .flatMap(ignored -> pool.preparedQuery(INSERT_SQL).execute(bind(rows)))
        .invoke(() -> writeLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
        .replaceWithVoid();
  }

  private static final Comparator<SpanRow> ROW_ORDER =
      Comparator.comparingLong(SpanRow::projectId)
          .thenComparing(SpanRow::traceId, java.util.Arrays::compareUnsigned);

  private Uni<Void> ensurePartitions(List<SpanRow> rows) {
    Set<LocalDate> missing = new HashSet<>();
    for (SpanRow row : rows) {
      LocalDate day = row.startTime().toLocalDate();
      if (!knownPartitions.contains(day)) {
        missing.add(day);
      }
    }
    if (missing.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery("select weft_ensure_span_partitions($1::date[])")
        .execute(Tuple.of(missing.toArray(new LocalDate[0])))
        .invoke(() -> knownPartitions.addAll(missing))
        .replaceWithVoid();
  }

  /** Forgets known partitions (after retention dropped some). */
  public void forgetPartitions() {
    knownPartitions.clear();
  }

  private static Tuple bind(List<SpanRow> rows) {
    int n = rows.size();
    Long[] projectIds = new Long[n];
    Buffer[] traceIds = new Buffer[n];
    Buffer[] spanIds = new Buffer[n];
    Buffer[] parentIds = new Buffer[n];
    String[] names = new String[n];
    String[] categories = new String[n];
    Short[] kinds = new Short[n];
    Short[] statusCodes = new Short[n];
    String[] statusMessages = new String[n];
    OffsetDateTime[] starts = new OffsetDateTime[n];
    OffsetDateTime[] ends = new OffsetDateTime[n];
    Long[] durations = new Long[n];
    String[] operations = new String[n];
    String[] providers = new String[n];
    String[] models = new String[n];
    Long[] inputTokens = new Long[n];
    Long[] outputTokens = new Long[n];
    Long[] totalTokens = new Long[n];
    Double[] costs = new Double[n];
    String[] sessions = new String[n];
    String[] runs = new String[n];
    String[] promptNames = new String[n];
    String[] promptVersions = new String[n];
    String[] errorTypes = new String[n];
    String[] inputs = new String[n];
    String[] outputs = new String[n];
    String[] attributes = new String[n];
    String[] events = new String[n];
    String[] links = new String[n];
    String[] resources = new String[n];
    for (int i = 0; i < n; i++) {
      SpanRow r = rows.get(i);
      projectIds[i] = r.projectId();
      traceIds[i] = Buffer.buffer(r.traceId());
      spanIds[i] = Buffer.buffer(r.spanId());
      parentIds[i] = r.parentSpanId() == null ? null : Buffer.buffer(r.parentSpanId());
      names[i] = r.name();
      categories[i] = r.category();
      kinds[i] = r.otelKind();
      statusCodes[i] = r.statusCode();
      statusMessages[i] = r.statusMessage();
      starts[i] = r.startTime();
      ends[i] = r.endTime();
      durations[i] = r.durationNanos();
      operations[i] = r.operation();
      providers[i] = r.provider();
      models[i] = r.model();
      inputTokens[i] = r.inputTokens();
      outputTokens[i] = r.outputTokens();
      totalTokens[i] = r.totalTokens();
      costs[i] = r.costUsd();
      sessions[i] = r.sessionId();
      runs[i] = r.runId();
      promptNames[i] = r.promptName();
      promptVersions[i] = r.promptVersion();
      errorTypes[i] = r.errorType();
      inputs[i] = r.inputJson();
      outputs[i] = r.outputJson();
      attributes[i] = r.attributesJson();
      events[i] = r.eventsJson();
      links[i] = r.linksJson();
      resources[i] = r.resourceJson();
    }
    return Tuple.tuple(
        List.of(
            projectIds,
            traceIds,
            spanIds,
            parentIds,
            names,
            categories,
            kinds,
            statusCodes,
            statusMessages,
            starts,
            ends,
            durations,
            operations,
            providers,
            models,
            inputTokens,
            outputTokens,
            totalTokens,
            costs,
            sessions,
            runs,
            promptNames,
            promptVersions,
            errorTypes,
            inputs,
            outputs,
            attributes,
            events,
            links,
            resources));
  }
}
