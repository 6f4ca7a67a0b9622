import { useState } from "react";
import { preview, prettyJson, type DocumentView, type MessageView } from "./spanContent";

/**
 * Text that may be long: shown as preformatted text (React escapes it, so markup in model output is
 * never interpreted), cut after a screenful with a button that says how long it really is.
 */
export function LongText({ text, className = "td-text" }: { text: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const short = preview(text);
  return (
    <div className="td-long">
      <pre className={className}>{open || !short.cut ? text : short.text + "…"}</pre>
      {short.cut && (
        <button type="button" className="link td-more" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? "Show less" : `Show all (${text.length.toLocaleString("en-US")} characters)`}
        </button>
      )}
    </div>
  );
}

/** One requested tool call: name, id and pretty-printed arguments. */
export function ToolCall({ name, id, args }: { name?: string; id?: string; args?: string }) {
  return (
    <div className="td-tool-call" data-testid="tool-call">
      <div className="td-tool-head">
        <span className="td-tool-icon" aria-hidden="true">ƒ</span> <strong>{name ?? "(unnamed tool)"}</strong>
        {id && <code className="muted">{id}</code>}
      </div>
      {args != null && args !== "" && <LongText text={args} className="json" />}
    </div>
  );
}

/** One chat message: role, optional name, tool-result reference, content, tool calls, finish reason. */
export function ChatMessage({ message }: { message: MessageView }) {
  const role = message.role.toLowerCase();
  return (
    <div className={`td-msg td-role-${ROLE_CLASS[role] ?? "other"}`} data-testid="chat-message" data-role={ROLE_CLASS[role] ?? role}>
      <div className="td-msg-head">
        <span className="td-role">{ROLE_LABEL[role] ?? message.role}</span>
        {message.name && <span className="muted">{message.name}</span>}
        {message.toolCallId && <span className="muted">result of <code>{message.toolCallId}</code></span>}
        <span className="spacer" />
        {message.finishReason && <span className="badge" title="finish reason">{message.finishReason}</span>}
      </div>
      {message.content != null && message.content !== "" && <LongText text={role === "tool" ? prettyJson(message.content) : message.content} />}
      {message.parts.length > 0 && <LongText text={prettyJson(message.parts)} className="json" />}
      {message.toolCalls.map((call, i) => (
        <ToolCall key={call.id ?? i} name={call.name} id={call.id} args={call.arguments} />
      ))}
      {message.content == null && message.parts.length === 0 && message.toolCalls.length === 0 && <p className="muted td-empty">(no content)</p>}
    </div>
  );
}

/** A list of messages; system instructions come first as the model received them. */
export function ChatMessages({ messages }: { messages: MessageView[] }) {
  if (messages.length === 0) return <p className="muted">No messages.</p>;
  return (
    <div className="td-chat">
      {messages.map((m, i) => (
        <ChatMessage key={i} message={m} />
      ))}
    </div>
  );
}

/** Documents a retriever returned: rank, id, score, content and metadata. */
export function Documents({ docs }: { docs: DocumentView[] }) {
  return (
    <ol className="td-docs">
      {docs.map((d, i) => (
        <li key={d.id ?? i} className="td-doc">
          <div className="td-msg-head">
            <strong>#{i + 1}</strong>
            {d.id && <code className="muted">{d.id}</code>}
            <span className="spacer" />
            {d.score != null && <span className="badge">score {Number(d.score.toPrecision(4))}</span>}
          </div>
          <LongText text={d.content} />
          {d.metadata != null && <LongText text={prettyJson(d.metadata)} className="json" />}
        </li>
      ))}
    </ol>
  );
}

const ROLE_CLASS: Record<string, string> = { user: "user", human: "user", assistant: "assistant", ai: "assistant", model: "assistant", system: "system", developer: "system", tool: "tool", function: "tool", ipython: "tool" };
const ROLE_LABEL: Record<string, string> = { user: "User", assistant: "Assistant", system: "System", developer: "Developer", tool: "Tool result", function: "Function result" };
