import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { unwrap, type Schemas } from "../../../api/client";
import { useProjectApi } from "../../../app/session";
import { ErrorState, Loading } from "../../../components/States";
import { cacheNote, formatCost, formatDuration, formatTokens } from "../../../components/format";
import { ChatMessages, Documents, LongText } from "./ChatView";
import { KindBadge } from "./KindBadge";
import { documentsOf, exceptionsOf, linksOf, messagesOf, parametersOf, prettyJson, stringAttribute, valueOf } from "./spanContent";

type SpanView = Schemas["SpanView"];

/** Span kinds that call a model, whose input and output are messages when the instrumentation records them. */
const MODEL_CALLS = new Set<string>(["chat", "llm"]);

/** The selected span, loaded on demand: facts, parameters, error, input/output, raw data. */
export function SpanDetail({ traceId, spanId, spanLink }: { traceId: string; spanId: string; spanLink: string }) {
  const { project, api } = useProjectApi();
  const query = useQuery({
    queryKey: [project, "span", traceId, spanId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/projects/{project}/traces/{traceId}/spans/{spanId}", { params: { path: { project, traceId, spanId } } })),
    staleTime: 60_000,
  });
  return (
    <section className="td-detail" data-testid="span-detail" aria-label="Span detail">
      {query.isPending ? (
        <Loading label="Loading span…" />
      ) : query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : (
        <SpanBody span={query.data} spanLink={spanLink} />
      )}
    </section>
  );
}

/** Renders one span (exported for tests). */
export function SpanBody({ span, spanLink }: { span: SpanView; spanLink: string }) {
  const { project } = useProjectApi();
  // The generated type says string for these raw JSON fields; at run time they are JSON values.
  const raw = span as unknown as Record<string, unknown>;
  const input = raw.input;
  const output = raw.output;
  const inMessages = messagesOf(input);
  const outMessages = messagesOf(output);
  const exceptions = exceptionsOf(raw.events);
  const params = parametersOf(raw.attributes);
  // Spans of an EvaluationRunner carry their evaluation: the trace links back to its results.
  const evaluationId = stringAttribute(raw.attributes, "weft.evaluation.id");
  const evaluationName = stringAttribute(raw.attributes, "weft.evaluation.name");
  const usage = span.usage as SpanView["usage"] | undefined;
  const failed = span.status === "error" || exceptions.length > 0;
  const rawText = prettyJson({
    attributes: raw.attributes ?? {},
    resource: (raw.resource as Record<string, unknown> | undefined)?.attributes ?? {},
    scope: (raw.resource as Record<string, unknown> | undefined)?.scope ?? null,
    events: raw.events ?? [],
    links: raw.links ?? [],
  });
  return (
    <>
      <header className="td-detail-head">
        <KindBadge kind={span.kind} />
        <h2 title={span.name}>{span.name}</h2>
        <span className={`badge ${span.status === "error" ? "error" : span.status === "ok" ? "ok" : ""}`}>{span.status}</span>
        <span className="spacer" />
        <CopyButton text={spanLink} label="Copy link" />
      </header>
      <dl className="td-facts">
        <Fact label="Latency">{formatDuration(span.durationMs)}</Fact>
        <Fact label="Start">{isoTime(span.startTime)}</Fact>
        <Fact label="End">{isoTime(span.endTime)}</Fact>
        {span.model && <Fact label="Model">{span.model}</Fact>}
        {span.provider && <Fact label="Provider">{span.provider}</Fact>}
        {span.operation && <Fact label="Operation">{span.operation}</Fact>}
        {usage && (
          <Fact label="Tokens">
            {formatTokens(usage.inputTokens)} in{cacheNote(usage)} · {formatTokens(usage.outputTokens)} out · {formatTokens(usage.totalTokens)} total
          </Fact>
        )}
        {span.costUsd != null ? (
          <Fact label="Cost">{formatCost(span.costUsd)}</Fact>
        ) : (
          span.model &&
          usage && (usage.inputTokens != null || usage.outputTokens != null) && (
            <Fact label="Cost">
              <span className="muted" data-testid="no-price">
                unknown: no price for {span.model} when it arrived.{" "}
                <Link to={`/p/${encodeURIComponent(project)}/settings`}>Set one</Link>, then price stored spans there.
              </span>
            </Fact>
          )
        )}
        <Fact label="Span kind">{span.spanKind}</Fact>
        {span.promptName && <Fact label="Prompt">{span.promptName}{span.promptVersion ? ` v${span.promptVersion}` : ""}</Fact>}
        {span.sessionId && (
          <Fact label="Session">
            <Link to={`/p/${encodeURIComponent(project)}/sessions/${encodeURIComponent(span.sessionId)}`}>{span.sessionId}</Link>
          </Fact>
        )}
        {span.runId && (
          <Fact label="Run">
            <Link to={`/p/${encodeURIComponent(project)}/runs/${encodeURIComponent(span.runId)}`}>{span.runId}</Link>
          </Fact>
        )}
        {evaluationId && (
          <Fact label="Evaluation">
            <Link to={`/p/${encodeURIComponent(project)}/evaluations/${encodeURIComponent(evaluationId)}`}>
              {evaluationName ?? evaluationId}
            </Link>
          </Fact>
        )}
        <Fact label="Span id"><code>{span.spanId}</code></Fact>
      </dl>
      {params.length > 0 && (
        <div className="td-params" aria-label="Parameters">
          {params.map(([k, v]) => (
            <span key={k} className="badge" title={k}>{k} = {v}</span>
          ))}
        </div>
      )}
      {failed && (
        <div className="td-error" data-testid="span-error" role="alert">
          <strong>{span.errorType ?? exceptions[0]?.type ?? "Error"}</strong>
          {span.statusMessage && !repeatsAnException(span.statusMessage, exceptions) && <p>{span.statusMessage}</p>}
          {exceptions.map((e, i) => (
            <div key={i} className="td-exception">
              <div><code>{e.type ?? "exception"}</code>{e.message ? `: ${e.message}` : ""}</div>
              {e.stacktrace && <LongText text={e.stacktrace} className="td-stack" />}
            </div>
          ))}
        </div>
      )}
      <Content title="Input" content={input} messages={inMessages} />
      <Content title="Output" content={output} messages={outMessages} />
      {input == null && output == null && MODEL_CALLS.has(span.kind) && (
        <p className="muted" data-testid="no-messages">
          No messages were recorded for this model call. Instrumentations record them only when asked: for the OpenTelemetry Java
          agent (and Python&apos;s OpenAI instrumentation) set <code>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true</code>.
          They are then sent as log events to <code>/v1/logs</code> and appear here a second or two after the span.
        </p>
      )}
      {linksOf(raw.links).length > 0 && (
        <div className="td-section">
          <h3>Links</h3>
          <ul className="td-links">
            {linksOf(raw.links).map((l) => (
              <li key={`${l.traceId}/${l.spanId}`}>
                <Link to={`/p/${encodeURIComponent(project)}/traces/${l.traceId}?span=${l.spanId}`}>
                  <code>{l.traceId}</code> / <code>{l.spanId}</code>
                </Link>
                {Object.keys(l.attributes).length > 0 && <span className="muted"> {JSON.stringify(l.attributes)}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="td-section">
        <div className="td-section-head">
          <h3>Raw attributes</h3>
          <CopyButton text={rawText} label="Copy JSON" />
        </div>
        <pre className="json td-raw" data-testid="raw-attributes">{rawText}</pre>
      </div>
    </>
  );
}

function Content({ title, content, messages }: { title: string; content: unknown; messages: ReturnType<typeof messagesOf> }) {
  const [json, setJson] = useState(false);
  if (content == null) return null;
  let body: ReactNode;
  if (json) body = <LongText text={prettyJson(content)} className="json" />;
  else if (messages) body = <ChatMessages messages={messages} />;
  else {
    const value = valueOf(content);
    const docs = documentsOf(value);
    body = docs ? <Documents docs={docs} /> : <LongText text={prettyJson(value === undefined ? content : value)} className="json" />;
  }
  return (
    <div className="td-section">
      <div className="td-section-head">
        <h3>{title}</h3>
        <button type="button" className="link td-more" aria-pressed={json} onClick={() => setJson(!json)}>
          {json ? "Formatted" : "JSON"}
        </button>
      </div>
      {body}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A button copying `text` to the clipboard, saying so for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<"" | "ok" | "fail">("");
  return (
    <button
      type="button"
      onClick={() => {
        const write = navigator.clipboard?.writeText(text);
        if (!write) return setDone("fail");
        write.then(
          () => setDone("ok"),
          () => setDone("fail"),
        );
        setTimeout(() => setDone(""), 1500);
      }}
    >
      {done === "ok" ? "Copied" : done === "fail" ? "Copy failed" : label}
    </button>
  );
}

/** An ISO instant with its sub-second part, in the viewer's time zone. */
export function isoTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const frac = /\.(\d+)/.exec(iso)?.[1] ?? "000";
  const pad = (v: number) => String(v).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${frac.padEnd(3, "0").slice(0, 6)}`;
}

/** Whether a status message only repeats an exception shown below it (SDKs often copy it there). */
function repeatsAnException(message: string, exceptions: { type?: string | null; message?: string | null }[]): boolean {
  return exceptions.some((e) => e.message === message || (e.type != null && `${e.type}: ${e.message}` === message));
}
