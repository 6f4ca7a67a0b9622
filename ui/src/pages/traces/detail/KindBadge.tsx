/** Short labels of span categories; the colour comes from `.k-<kind>` in styles.css. */
const KIND_LABEL: Record<string, string> = {
  llm: "LLM",
  chat: "CHAT",
  embedding: "EMB",
  tool: "TOOL",
  retriever: "RET",
  agent: "AGENT",
  chain: "CHAIN",
  other: "SPAN",
};

export const KNOWN_KINDS = Object.keys(KIND_LABEL);

/** A span category's coloured badge. */
export function KindBadge({ kind }: { kind: string }) {
  const k = KIND_LABEL[kind] ? kind : "other";
  return (
    <span className={`td-kind k-${k}`} title={kind}>
      {KIND_LABEL[k]}
    </span>
  );
}
