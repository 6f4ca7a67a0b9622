-- Span content is compressed with lz4 where PostgreSQL was built with it (Debian and Ubuntu
-- packages, the official Docker images and most managed services are). PostgreSQL compresses a
-- row's large values when the row exceeds about 2 KB, which a model call's messages usually do.
-- With pglz, the default, compressing such a row costs the database about 10 µs of CPU more than
-- with lz4 (docs/benchmarks.md), on every ingest; reading it back (trace views, text search) is
-- faster with lz4 too. A server without lz4 (the embedded PostgreSQL is one) keeps pglz.
-- The parent's setting reaches the daily partitions created from now on; existing partitions are
-- set here too (their stored rows stay as they are).
do $$
declare
    rel    regclass;
    col    text;
begin
    if not exists (select 1 from pg_settings
                   where name = 'default_toast_compression' and 'lz4' = any (enumvals)) then
        return;
    end if;
    for rel in select 'spans'::regclass
               union all
               select inhrelid::regclass from pg_inherits where inhparent = 'spans'::regclass
        loop
            foreach col in array array ['input', 'output', 'attributes', 'events', 'links', 'resource']
                loop
                    execute format('alter table %s alter column %I set compression lz4', rel, col);
                end loop;
        end loop;
end
$$;
