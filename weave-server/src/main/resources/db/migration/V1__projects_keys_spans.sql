-- Projects are the tenant boundary: every key, span and trace belongs to exactly one.
create table projects (
    id          bigint generated always as identity primary key,
    name        text        not null unique,
    created_at  timestamptz not null default now()
);

-- API keys are stored as SHA-256 digests of the secret; the prefix lets people recognise a key.
create table api_keys (
    id          bigint generated always as identity primary key,
    project_id  bigint      not null references projects (id) on delete cascade,
    name        text        not null,
    key_prefix  text        not null,
    key_hash    bytea       not null unique,
    scopes      text        not null,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);
create index api_keys_project on api_keys (project_id);

-- Per-project price overrides (USD per million tokens); the shipped table covers the rest.
create table model_prices (
    id                  bigint generated always as identity primary key,
    project_id          bigint           not null references projects (id) on delete cascade,
    model               text             not null,
    input_per_million   double precision not null check (input_per_million >= 0),
    output_per_million  double precision not null check (output_per_million >= 0),
    updated_at          timestamptz      not null default now(),
    unique (project_id, model)
);

-- One row per span. Typed columns hold what the query API filters and aggregates on; message
-- content, remaining attributes, events and resource stay in JSONB. Partitioned by day on the
-- start time so retention drops whole partitions. The primary key makes re-sent spans idempotent
-- (a retry carries the same start time) and serves "all spans of a trace" by its prefix.
create table spans (
    project_id      bigint      not null,
    trace_id        bytea       not null,
    span_id         bytea       not null,
    parent_span_id  bytea,
    name            text        not null,
    category        text        not null,
    otel_kind       smallint    not null,
    status_code     smallint    not null,
    status_message  text,
    start_time      timestamptz not null,
    end_time        timestamptz not null,
    duration_ns     bigint      not null,
    operation       text,
    provider        text,
    model           text,
    input_tokens    bigint,
    output_tokens   bigint,
    total_tokens    bigint,
    cost_usd        double precision,
    session_id      text,
    run_id          text,
    prompt_name     text,
    prompt_version  text,
    error_type      text,
    input           jsonb,
    output          jsonb,
    attributes      jsonb       not null,
    events          jsonb,
    links           jsonb,
    resource        jsonb       not null,
    ingested_at     timestamptz not null default now(),
    primary key (project_id, trace_id, span_id, start_time)
) partition by range (start_time);

-- Creates the daily partitions the given days need; safe to call concurrently.
create function weft_ensure_span_partitions(days date[]) returns void
    language plpgsql as
$$
declare
    d    date;
    part text;
begin
    foreach d in array days
        loop
            part := 'spans_' || to_char(d, 'YYYYMMDD');
            if to_regclass(part) is null then
                begin
                    execute format('create table %I partition of spans for values from (%L) to (%L)',
                                   part, d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00');
                exception
                    when duplicate_table then null;
                end;
            end if;
        end loop;
end
$$;

-- One row per trace, maintained by the span writer in the same statement that inserts the spans,
-- so listing traces never aggregates spans.
create table traces (
    project_id     bigint           not null,
    trace_id       bytea            not null,
    root_span_id   bytea,
    root_name      text,
    first_name     text             not null,
    start_time     timestamptz      not null,
    end_time       timestamptz      not null,
    span_count     integer          not null,
    error_count    integer          not null,
    input_tokens   bigint           not null,
    output_tokens  bigint           not null,
    total_tokens   bigint           not null,
    cost_usd       double precision,
    models         text[]           not null,
    providers      text[]           not null,
    categories     text[]           not null,
    session_id     text,
    run_id         text,
    primary key (project_id, trace_id)
);
-- Default listing: newest first, keyset on (start_time, trace_id).
create index traces_recent on traces (project_id, start_time desc, trace_id desc);
-- Sessions: the traces of one conversation in order, and the list of sessions.
create index traces_session on traces (project_id, session_id, start_time) where session_id is not null;
-- The traces of one experiment run.
create index traces_run on traces (project_id, run_id, start_time) where run_id is not null;
