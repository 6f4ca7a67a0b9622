import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ChatMessages } from "./ChatView";
import { messagesOf } from "./spanContent";

describe("ChatMessages", () => {
  it("renders each role distinctly with tool calls and tool results", () => {
    const messages = messagesOf({
      messages: [
        { role: "system", content: "You are a support bot." },
        { role: "user", content: "Where is my order?" },
        { role: "assistant", toolCalls: [{ id: "call_7", name: "lookup_order", arguments: '{"orderId":42}' }], finishReason: "tool_calls" },
        { role: "tool", toolCallId: "call_7", content: '{"status":"shipped"}' },
      ],
    })!;
    render(<ChatMessages messages={messages} />);
    const rendered = screen.getAllByTestId("chat-message");
    expect(rendered.map((m) => m.dataset.role)).toEqual(["system", "user", "assistant", "tool"]);
    const call = screen.getByTestId("tool-call");
    expect(call.textContent).toContain("lookup_order");
    expect(call.textContent).toContain("call_7");
    expect(call.querySelector("pre")!.textContent).toBe('{\n  "orderId": 42\n}');
    expect(rendered[2].textContent).toContain("tool_calls");
    expect(rendered[3].textContent).toContain("result of call_7");
  });

  it("collapses long text, says its full length and expands it on request", async () => {
    const long = "word ".repeat(1000);
    render(<ChatMessages messages={messagesOf({ messages: [{ role: "assistant", content: long }] })!} />);
    const pre = screen.getByTestId("chat-message").querySelector("pre")!;
    expect(pre.textContent!.length).toBeLessThan(long.length);
    await userEvent.click(screen.getByRole("button", { name: "Show all (5,000 characters)" }));
    expect(pre.textContent).toBe(long);
    expect(screen.getByRole("button", { name: "Show less" })).toBeTruthy();
  });

  it("shows markup as text, never as HTML", () => {
    render(<ChatMessages messages={messagesOf({ messages: [{ role: "user", content: "<img src=x onerror=alert(1)> **bold**" }] })!} />);
    const message = screen.getByTestId("chat-message");
    expect(message.querySelector("img")).toBeNull();
    expect(message.textContent).toContain("<img src=x onerror=alert(1)> **bold**");
  });
});
