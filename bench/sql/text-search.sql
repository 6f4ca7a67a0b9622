-- Text search (the trace list's q) on any PostgreSQL: the former predicate (the whole JSON as
-- text, ILIKE) against the JSON path Weft uses (TraceQuerySql.contentSearchPath), over 300,000
-- chat-like inputs and outputs in a temporary table (nothing is left behind). Run:
--   psql -h HOST -p PORT -U USER -d DB -f bench/sql/text-search.sql
-- Each predicate runs twice; compare the second timings. Both find the same 300 rows.
\set ON_ERROR_STOP on
create temporary table search_bench as
select i,
  jsonb_build_object('messages', jsonb_build_array(
     jsonb_build_object('role', 'system', 'content',
       repeat('You are a helpful support assistant for Northwind. ', 8)),
     jsonb_build_object('role', 'user', 'content', 'Order NW-' || i || ' ' || repeat(md5(i::text), 5)
       || case when i % 1000 = 0 then ' Ünïcode needle' else '' end))) as input,
  jsonb_build_object('messages', jsonb_build_array(
     jsonb_build_object('role', 'assistant', 'content', repeat(md5((i * 7)::text) || ' ', 8),
       'finishReason', 'stop'))) as output
from generate_series(1, 300000) i;
vacuum analyze search_bench;
\set path '\'$ ? (@.messages[*].content like_regex "ünïcode needle" flag "iq" || @.messages[*].toolCalls[*].name like_regex "ünïcode needle" flag "iq" || @.messages[*].toolCalls[*].arguments.** like_regex "ünïcode needle" flag "iq" || @.value.** like_regex "ünïcode needle" flag "iq")\''
\timing on
\echo 'former: input::text ilike / output::text ilike'
select count(*) from search_bench
  where input::text ilike '%ünïcode needle%' or output::text ilike '%ünïcode needle%';
select count(*) from search_bench
  where input::text ilike '%ünïcode needle%' or output::text ilike '%ünïcode needle%';
\echo 'now: input @? path / output @? path'
select count(*) from search_bench where input @? :path or output @? :path;
select count(*) from search_bench where input @? :path or output @? :path;
\timing off
\echo 'a search for a field name: the former matches every row, the path none'
select count(*) as former from search_bench where input::text ilike '%content%';
select count(*) as now from search_bench
  where input @? '$ ? (@.messages[*].content like_regex "content" flag "iq")';
