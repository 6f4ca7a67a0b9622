import { describe, expect, it } from "vitest";
import { documentsOf, exceptionsOf, messagesOf, parametersOf, prettyJson, preview, valueOf } from "./spanContent";

describe("span content", () => {
  it("reads messages with tool calls, tool results and finish reasons", () => {
    const msgs = messagesOf({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "assistant", toolCalls: [{ id: "call_1", name: "search", arguments: '{"q":"x"}' }], finishReason: "tool_calls" },
        { role: "tool", toolCallId: "call_1", content: "[1,2]" },
        "not a message",
      ],
    })!;
    expect(msgs.map((m) => m.role)).toEqual(["system", "assistant", "tool"]);
    expect(msgs[1].toolCalls[0]).toEqual({ id: "call_1", name: "search", arguments: '{\n  "q": "x"\n}' });
    expect(msgs[1].finishReason).toBe("tool_calls");
    expect(msgs[2].toolCallId).toBe("call_1");
    expect(messagesOf({ value: "x" })).toBeNull();
  });
  it("reads plain values and retrieved documents", () => {
    expect(valueOf({ value: { city: "Paris" } })).toEqual({ city: "Paris" });
    expect(documentsOf([{ id: "d1", content: "text", score: 0.9 }])).toEqual([{ id: "d1", content: "text", score: 0.9, metadata: undefined }]);
    expect(documentsOf([{ other: 1 }])).toBeNull();
    expect(documentsOf("x")).toBeNull();
  });
  it("pretty-prints JSON text and leaves other text alone", () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson("{not json}")).toBe("{not json}");
    expect(prettyJson("hello")).toBe("hello");
    expect(prettyJson({ b: [1] })).toBe('{\n  "b": [\n    1\n  ]\n}');
  });
  it("reads exceptions with their stack traces", () => {
    const ex = exceptionsOf([
      { name: "log", attributes: {} },
      { name: "exception", time: "t", attributes: { "exception.type": "java.io.IOException", "exception.message": "boom", "exception.stacktrace": "at a\nat b" } },
    ]);
    expect(ex).toEqual([{ type: "java.io.IOException", message: "boom", stacktrace: "at a\nat b", time: "t" }]);
    expect(exceptionsOf(null)).toEqual([]);
  });
  it("collects model parameters from GenAI and OpenInference attributes", () => {
    expect(parametersOf({ "gen_ai.request.temperature": 0.2, "gen_ai.request.max_tokens": 256, "gen_ai.request.model": "m", other: 1, "llm.invocation_parameters": '{"top_p":0.9}' })).toEqual([
      ["temperature", "0.2"],
      ["max_tokens", "256"],
      ["top_p", "0.9"],
    ]);
  });
  it("previews long text by characters and lines, saying it was cut", () => {
    expect(preview("short")).toEqual({ text: "short", cut: false });
    expect(preview("x".repeat(2000), 100).text).toHaveLength(100);
    expect(preview("a\nb\nc\nd", 100, 2)).toEqual({ text: "a\nb", cut: true });
  });
});
