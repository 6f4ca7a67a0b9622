-- GenAI events that arrived as OTLP log records (POST /v1/logs, gRPC LogsService) and wait for
-- their span: instrumentations of the older GenAI conventions send each prompt message and each
-- choice as a log record, usually before the span itself is exported. LogEventService moves the
-- events of every span that is stored into that span's input and output, then deletes them here;
-- events whose span never arrives are deleted after weft.ingest.log-events.max-wait.
create table span_log_events (
    id           bigint generated always as identity primary key,
    project_id   bigint      not null references projects (id) on delete cascade,
    trace_id     bytea       not null,
    span_id      bytea       not null,
    -- The event's time: the span it belongs to was running then (finds the span's partitions).
    event_time   timestamptz not null,
    received_at  timestamptz not null default now(),
    -- {"name", "timeUnixNano", "attributes"}: the event as SpanNormalizer reads span events.
    event        jsonb       not null
);

-- Finding a span's events when the span is stored; and an event re-sent while it still waits (a
-- retried export) is stored once: same span, same time, same content.
create unique index span_log_events_span
    on span_log_events (project_id, trace_id, span_id, event_time, md5(event::text));
-- Deleting events whose span never came.
create index span_log_events_received on span_log_events (received_at);
