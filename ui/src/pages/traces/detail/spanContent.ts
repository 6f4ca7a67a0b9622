/**
 * Reading a span's stored content (`input`/`output` as `{"messages": [...]}` or `{"value": ...}`,
 * events, attributes) into what the detail panel shows. Pure; the shapes are those the server stores
 * (see the server's `SpanRowMapper`), read defensively since spans come from any instrumentation.
 */

export interface ToolCallView {
  id?: string;
  name?: string;
  /** the arguments, pretty-printed when they are JSON */
  arguments?: string;
}

export interface MessageView {
  role: string;
  content?: string;
  parts: unknown[];
  toolCalls: ToolCallView[];
  toolCallId?: string;
  name?: string;
  finishReason?: string;
}

export interface ExceptionView {
  type?: string;
  message?: string;
  stacktrace?: string;
  time?: string;
}

export interface DocumentView {
  id?: string;
  score?: number;
  content: string;
  metadata?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : v == null ? undefined : JSON.stringify(v));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The messages of a model call's input or output, or null when the content is not messages. */
export function messagesOf(content: unknown): MessageView[] | null {
  if (!isObject(content) || !Array.isArray(content.messages)) return null;
  return content.messages.filter(isObject).map((m) => ({
    role: str(m.role) ?? "unknown",
    content: str(m.content),
    parts: Array.isArray(m.parts) ? m.parts : [],
    toolCalls: Array.isArray(m.toolCalls)
      ? m.toolCalls.filter(isObject).map((c) => ({ id: str(c.id), name: str(c.name), arguments: c.arguments == null ? undefined : prettyJson(c.arguments) }))
      : [],
    toolCallId: str(m.toolCallId),
    name: str(m.name),
    finishReason: str(m.finishReason),
  }));
}

/** The plain value of a non-message input or output (`{"value": ...}`), or undefined. */
export function valueOf(content: unknown): unknown {
  if (isObject(content) && "value" in content) return content.value;
  return undefined;
}

/** Retrieved documents (a list of objects with `content`), or null when the value is not that. */
export function documentsOf(value: unknown): DocumentView[] | null {
  if (!Array.isArray(value) || value.length === 0 || !value.every((d) => isObject(d) && "content" in d)) return null;
  return (value as Record<string, unknown>[]).map((d) => ({
    id: str(d.id),
    score: typeof d.score === "number" ? d.score : undefined,
    content: str(d.content) ?? "",
    metadata: d.metadata,
  }));
}

/** JSON text or a value, pretty-printed; text that is not JSON comes back as it is. */
export function prettyJson(value: unknown): string {
  if (typeof value === "string") {
    const t = value.trim();
    if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
      try {
        return JSON.stringify(JSON.parse(t), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** The exceptions recorded as `exception` events, with type, message and full stack trace. */
export function exceptionsOf(events: unknown): ExceptionView[] {
  if (!Array.isArray(events)) return [];
  return events
    .filter((e): e is Record<string, unknown> => isObject(e) && e.name === "exception")
    .map((e) => {
      const a = isObject(e.attributes) ? e.attributes : {};
      return {
        type: str(a["exception.type"]),
        message: str(a["exception.message"]),
        stacktrace: str(a["exception.stacktrace"]),
        time: str(e.time),
      };
    });
}

const PARAMETER_KEYS: [RegExp, (key: string) => string][] = [
  [/^gen_ai\.request\.(?!model$)(.+)$/, (k) => k.replace(/^gen_ai\.request\./, "")],
  [/^llm\.request\.(?!type$)(.+)$/, (k) => k.replace(/^llm\.request\./, "")],
];

/**
 * Model parameters (temperature, max tokens, top p, ...) from the attributes the server kept:
 * `gen_ai.request.*` and OpenInference's `llm.invocation_parameters` JSON.
 */
export function parametersOf(attributes: unknown): [string, string][] {
  if (!isObject(attributes)) return [];
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(attributes)) {
    for (const [pattern, name] of PARAMETER_KEYS) {
      if (pattern.test(key)) out.push([name(key), typeof value === "string" ? value : JSON.stringify(value)]);
    }
    if (key === "llm.invocation_parameters") {
      const parsed = typeof value === "string" ? safeParse(value) : value;
      if (isObject(parsed)) for (const [k, v] of Object.entries(parsed)) out.push([k, typeof v === "string" ? v : JSON.stringify(v)]);
    }
  }
  return out;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The start of a long text and whether it was cut: at most `maxChars` characters and `maxLines` lines. */
export function preview(text: string, maxChars = 1500, maxLines = 24): { text: string; cut: boolean } {
  let end = Math.min(text.length, maxChars);
  let lines = 0;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10 && ++lines >= maxLines) {
      end = i;
      break;
    }
  }
  return end < text.length ? { text: text.slice(0, end), cut: true } : { text, cut: false };
}

export interface LinkView {
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

/** Span links (to spans of other traces, e.g. the request that enqueued a batch job). */
export function linksOf(links: unknown): LinkView[] {
  if (!Array.isArray(links)) return [];
  return links
    .filter((l): l is Record<string, unknown> => isObject(l) && typeof l.traceId === "string" && typeof l.spanId === "string")
    .map((l) => ({ traceId: l.traceId as string, spanId: l.spanId as string, attributes: isObject(l.attributes) ? l.attributes : {} }));
}

/** A string attribute of a span's raw attributes, or undefined (absent, not text, or no attributes). */
export function stringAttribute(attributes: unknown, key: string): string | undefined {
  if (!attributes || typeof attributes !== "object" || Array.isArray(attributes)) return undefined;
  const value = (attributes as Record<string, unknown>)[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}
