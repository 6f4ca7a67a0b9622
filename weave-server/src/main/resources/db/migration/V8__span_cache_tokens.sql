-- The input tokens a provider served from its prompt cache, and wrote to it, per span (null when
-- the instrumentation did not say). Part of input_tokens; priced at the model's cache prices.
alter table spans
    add column cache_read_tokens  bigint,
    add column cache_write_tokens bigint;
