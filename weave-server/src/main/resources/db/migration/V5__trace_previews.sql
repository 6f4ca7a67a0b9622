-- A short text of a span's input or output for trace lists (what the user asked, what the model
-- answered), computed when a page is read so the ingest path pays nothing for it.
-- Stored shapes (see SpanRowMapper): {"messages": [{"role", "content", ...}, ...]} for model calls,
-- {"value": ...} for anything else. For an input the preview is the last user message, for an
-- output the first assistant message; otherwise the value, otherwise the JSON itself.
create function weft_preview(doc jsonb, side text, max_chars integer) returns text
language sql immutable parallel safe as $$
  select left(coalesce(
    (select case jsonb_typeof(m -> 'content') when 'string' then m ->> 'content'
                                              else (m -> 'content')::text end
       from jsonb_array_elements(case jsonb_typeof(doc -> 'messages') when 'array'
                                      then doc -> 'messages' else '[]'::jsonb end)
            with ordinality as e(m, i)
      where m ->> 'role' = case side when 'input' then 'user' else 'assistant' end
        and jsonb_typeof(m -> 'content') in ('string', 'array', 'object')
      order by case side when 'input' then -i else i end
      limit 1),
    case jsonb_typeof(doc -> 'value') when 'string' then doc ->> 'value'
                                      when 'null' then null
                                      else (doc -> 'value')::text end,
    case when doc is null or doc = 'null'::jsonb then null else doc::text end), max_chars)
$$;
