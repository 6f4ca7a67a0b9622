-- A trace's prompt-cache tokens, summed over its spans as input_tokens is (a span that did not say
-- counts 0), so the trace list can say how much of a trace's input a provider's cache served.
alter table traces
    add column cache_read_tokens  bigint not null default 0,
    add column cache_write_tokens bigint not null default 0;

-- Traces stored before this migration: sum what their spans recorded (only spans with a count).
update traces t
set cache_read_tokens  = s.cache_read,
    cache_write_tokens = s.cache_write
from (select project_id, trace_id,
             coalesce(sum(cache_read_tokens), 0)  as cache_read,
             coalesce(sum(cache_write_tokens), 0) as cache_write
      from spans
      where cache_read_tokens is not null or cache_write_tokens is not null
      group by project_id, trace_id) s
where t.project_id = s.project_id and t.trace_id = s.trace_id;
