#!/usr/bin/env node
/**
 * Seeds a project with realistic GenAI traces and a 10,000-span trace through OTLP/JSON, then measures
 * the trace view: the light span request (ms, bytes) and the page in Chromium (time until the tree is
 * rendered and answers a key press). Screenshots go to $OUT (default /tmp/weft-trace-detail).
 *
 *   WEFT_URL=http://localhost:8090 WEFT_ADMIN_KEY=weft_... node scripts/trace-detail-bench.mjs
 *
 * Options (env): SPANS (default 10000), RUNS (page loads measured, default 5), CHROMIUM (default
 * /usr/bin/chromium), SCREENSHOTS=0 to skip screenshots.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const base = process.env.WEFT_URL ?? "http://localhost:8090";
const adminKey = process.env.WEFT_ADMIN_KEY;
const total = Number(process.env.SPANS ?? 10_000);
const runs = Number(process.env.RUNS ?? 5);
const out = process.env.OUT ?? "/tmp/weft-trace-detail";
if (!adminKey) throw new Error("set WEFT_ADMIN_KEY (an admin key of the server)");

const hex = (bytes) => randomBytes(bytes).toString("hex");
const now = BigInt(Date.now() - 60_000) * 1_000_000n;
const attr = (key, value) => ({
  key,
  value: typeof value === "number" ? (Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value }) : { stringValue: String(value) },
});
const span = (traceId, spanId, parentSpanId, name, startMs, durMs, attrs, extra = {}) => ({
  traceId, spanId, ...(parentSpanId ? { parentSpanId } : {}), name, kind: 1,
  startTimeUnixNano: String(now + BigInt(Math.round(startMs * 1e6))),
  endTimeUnixNano: String(now + BigInt(Math.round((startMs + durMs) * 1e6))),
  attributes: Object.entries(attrs).map(([k, v]) => attr(k, v)), ...extra,
});

async function api(path, key, init = {}) {
  const res = await fetch(base + path, { ...init, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...(init.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${text}`);
  return { text, json: text ? JSON.parse(text) : null };
}
async function ingest(key, spans) {
  const body = { resourceSpans: [{ resource: { attributes: [attr("service.name", "support-bot")] }, scopeSpans: [{ scope: { name: "weft-bench", version: "1.0" }, spans }] }] };
  const { json } = await api("/v1/traces", key, { method: "POST", body: JSON.stringify(body) });
  if (json?.partialSuccess?.rejectedSpans) throw new Error(JSON.stringify(json.partialSuccess));
}

/** An agent answering a support question: chat with a tool call, the tool, a retriever, a failing tool with a stack trace, a final chat. */
function agentTrace() {
  const t = hex(16), root = hex(8), chat1 = hex(8), tool = hex(8), ret = hex(8), bad = hex(8), chat2 = hex(8), http = hex(8);
  const sys = "You are the support assistant of an online shop. Answer briefly, cite the order status, never invent tracking numbers.\n\n" +
    Array.from({ length: 40 }, (_, i) => `Policy ${i + 1}: ${"Refunds are accepted within 30 days when the item is unused and in its original packaging. ".repeat(2)}`).join("\n");
  const msgs = (m) => JSON.stringify(m);
  return [t, [
    span(t, root, null, "invoke_agent support-bot", 0, 4200, { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "support-bot", "weft.session.id": "conv-42", "input.value": "Where is my order 42?" }),
    span(t, chat1, root, "chat gpt-4o", 20, 1300, {
      "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o", "gen_ai.response.model": "gpt-4o-2024-08-06",
      "gen_ai.request.temperature": 0.2, "gen_ai.request.max_tokens": 512, "gen_ai.request.top_p": 0.95,
      "gen_ai.usage.input_tokens": 1840, "gen_ai.usage.output_tokens": 42,
      "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: sys }]),
      "gen_ai.input.messages": msgs([{ role: "user", parts: [{ type: "text", content: "Where is my order 42? It was supposed to arrive <b>yesterday</b>." }] }]),
      "gen_ai.output.messages": msgs([{ role: "assistant", parts: [{ type: "tool_call", id: "call_lookup_1", name: "lookup_order", arguments: { orderId: 42, include: ["status", "carrier"] } }], finish_reason: "tool_calls" }]),
    }),
    span(t, http, chat1, "POST api.openai.com/v1/chat/completions", 30, 1270, { "http.request.method": "POST", "server.address": "api.openai.com" }),
    span(t, tool, root, "execute_tool lookup_order", 1340, 180, { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_order", "gen_ai.tool.call.id": "call_lookup_1", "gen_ai.tool.call.arguments": '{"orderId":42}', "gen_ai.tool.call.result": '{"status":"shipped","carrier":"DHL","eta":"2026-11-28"}' }),
    span(t, ret, root, "retrieve shipping-faq", 1530, 240, {
      "openinference.span.kind": "RETRIEVER", "input.value": "late delivery DHL",
      "retrieval.documents.0.document.id": "faq-12", "retrieval.documents.0.document.score": 0.91, "retrieval.documents.0.document.content": "DHL deliveries can be late by one or two days in November.",
      "retrieval.documents.1.document.id": "faq-3", "retrieval.documents.1.document.score": 0.77, "retrieval.documents.1.document.content": "Customers may ask for a refund of shipping fees when a delivery is more than 3 days late.",
    }),
    span(t, bad, root, "execute_tool notify_customer", 1780, 95, { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "notify_customer", "gen_ai.tool.call.arguments": '{"orderId":42,"channel":"sms"}', "error.type": "java.net.SocketTimeoutException" }, {
      status: { code: 2, message: "SMS gateway did not answer within 90 ms" },
      events: [{ name: "exception", timeUnixNano: String(now + 1_875_000_000n), attributes: [attr("exception.type", "java.net.SocketTimeoutException"), attr("exception.message", "Read timed out"), attr("exception.stacktrace", "java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)\n\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)\n\tat com.example.sms.SmsClient.send(SmsClient.java:88)\n\tat com.example.bot.tools.NotifyCustomer.apply(NotifyCustomer.java:41)\n\tat dev.langchain4j.service.tool.DefaultToolExecutor.execute(DefaultToolExecutor.java:73)\n\t... 14 more")] }],
    }),
    span(t, chat2, root, "chat gpt-4o", 1900, 2250, {
      "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o", "gen_ai.request.temperature": 0.2,
      "gen_ai.usage.input_tokens": 2210, "gen_ai.usage.output_tokens": 380,
      "gen_ai.input.messages": msgs([
        { role: "user", parts: [{ type: "text", content: "Where is my order 42? It was supposed to arrive <b>yesterday</b>." }] },
        { role: "assistant", parts: [{ type: "tool_call", id: "call_lookup_1", name: "lookup_order", arguments: { orderId: 42 } }] },
        { role: "tool", parts: [{ type: "tool_call_response", id: "call_lookup_1", response: { status: "shipped", carrier: "DHL", eta: "2026-11-28" } }] },
      ]),
      "gen_ai.output.messages": msgs([{ role: "assistant", parts: [{ type: "text", content: "Your order 42 has shipped with DHL and should arrive on **28 November**.\n\n" + "Here is what happened in detail: ".concat("the parcel left our warehouse on time but DHL reports delays in November. ".repeat(40)) }], finish_reason: "stop" }]),
    }),
  ]];
}

/** A trace of `n` spans: an agent with steps, each step with chat/tool/retriever children, some nested deeper. */
function bigTrace(n) {
  const t = hex(16);
  const root = hex(8);
  const spans = [span(t, root, null, `batch-eval ${n} spans`, 0, n * 2 + 100, { "gen_ai.operation.name": "invoke_agent" })];
  let parentPool = [root];
  for (let i = 1; i < n; i++) {
    const id = hex(8);
    const parent = i % 10 === 1 ? root : parentPool[parentPool.length - 1];
    const kind = ["chat", "execute_tool", "retrieve", "embeddings"][i % 4];
    const attrs = kind === "chat"
      ? { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.provider.name": "openai", "gen_ai.usage.input_tokens": 200 + (i % 50), "gen_ai.usage.output_tokens": 40, "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: `Question ${i}: ${"context ".repeat(30)}` }] }]) }
      : kind === "execute_tool" ? { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "search" }
      : kind === "retrieve" ? { "openinference.span.kind": "RETRIEVER", "input.value": `q${i}` }
      : { "gen_ai.operation.name": "embeddings", "gen_ai.request.model": "text-embedding-3-small", "gen_ai.usage.input_tokens": 12 };
    const extra = i % 997 === 0 ? { status: { code: 2, message: "rate limited" } } : {};
    spans.push(span(t, id, parent, `${kind} step ${i}`, i * 2, 1.5 + (i % 7), attrs, extra));
    if (i % 10 === 1) parentPool = [id];
    else if (i % 3 === 0) parentPool.push(id);
  }
  return [t, spans];
}

const project = `tdbench-${hex(3)}`;
const created = await api("/api/v1/projects", adminKey, { method: "POST", body: JSON.stringify({ name: project }) });
const key = created.json.adminKey.secret;
const [agentId, agentSpans] = agentTrace();
await ingest(key, agentSpans);
const [incompleteId, incompleteSpans] = agentTrace();
await ingest(key, incompleteSpans.slice(1));
const [bigId, bigSpans] = bigTrace(total);
for (let i = 0; i < bigSpans.length; i += 2000) await ingest(key, bigSpans.slice(i, i + 2000));
console.log(`project ${project} key ${key}`);
console.log(`agent trace ${base}/p/${project}/traces/${agentId}`);
console.log(`incomplete trace ${base}/p/${project}/traces/${incompleteId}`);
console.log(`big trace ${base}/p/${project}/traces/${bigId}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tree = [], full = [];
let bytes = 0, fullBytes = 0;
for (let i = 0; i < runs; i++) {
  let t0 = performance.now();
  const light = await api(`/api/v1/projects/${project}/traces/${bigId}/spans`, key);
  tree.push(performance.now() - t0);
  bytes = Buffer.byteLength(light.text);
  t0 = performance.now();
  const nested = await fetch(`${base}/api/v1/projects/${project}/traces/${bigId}`, { headers: { Authorization: `Bearer ${key}` } });
  const text = await nested.text();
  full.push(performance.now() - t0);
  fullBytes = nested.ok ? Buffer.byteLength(text) : -nested.status;
}
console.log(`light span list: ${bytes} bytes, median ${median(tree).toFixed(0)} ms (${tree.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`nested tree (GET .../traces/{id}): ${fullBytes < 0 ? `HTTP ${-fullBytes}` : `${fullBytes} bytes`}, median ${median(full).toFixed(0)} ms`);

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
await context.addInitScript(([p, k]) => localStorage.setItem("weft.keyring", JSON.stringify({ keys: { [p]: k }, last: p })), [project, key]);
const page = await context.newPage();
page.on("pageerror", (e) => console.error("page error:", e.message));

// Time to interactive: from navigation until the tree is shown AND a key press on it has been handled
// (End focuses the last span: the main thread is free and the whole list is usable).
const tti = [];
for (let i = 0; i < runs; i++) {
  const t0 = Date.now();
  await page.goto(`${base}/p/${project}/traces/${bigId}`);
  await page.getByTestId("span-tree-item").first().waitFor();
  const shown = Date.now() - t0;
  await page.getByTestId("span-tree").focus();
  await page.keyboard.press("End");
  await page.locator('[data-testid="span-tree-item"].focused').waitFor();
  tti.push([shown, Date.now() - t0]);
}
console.log(`page (${total} spans): tree shown median ${median(tti.map((x) => x[0]))} ms, interactive median ${median(tti.map((x) => x[1]))} ms (${tti.map((x) => x.join("/")).join(", ")})`);

// Scrolling: frames while scrolling the whole list.
const scroll = await page.evaluate(async () => {
  const el = document.querySelector(".td-scroll");
  const frames = [];
  let last = performance.now();
  const end = el.scrollHeight;
  el.scrollTop = 0;
  await new Promise((r) => requestAnimationFrame(r));
  last = performance.now();
  while (el.scrollTop + el.clientHeight < end - 2) {
    el.scrollTop += 600;
    await new Promise((r) => requestAnimationFrame(r));
    const t = performance.now();
    frames.push(t - last);
    last = t;
    if (frames.length > 600) break;
  }
  frames.sort((a, b) => a - b);
  return { frames: frames.length, p50: frames[Math.floor(frames.length / 2)], p95: frames[Math.floor(frames.length * 0.95)], max: frames[frames.length - 1] };
});
console.log(`scroll: ${scroll.frames} frames of 600px, frame time p50 ${scroll.p50.toFixed(1)} ms, p95 ${scroll.p95.toFixed(1)} ms, max ${scroll.max.toFixed(1)} ms`);

if (process.env.SCREENSHOTS !== "0") {
  await page.goto(`${base}/p/${project}/traces/${bigId}`);
  await page.getByTestId("span-tree-item").first().waitFor();
  await page.screenshot({ path: `${out}/big.png` });
  const shots = [["agent", agentId, ""], ["incomplete", incompleteId, ""]];
  for (const [name, id] of shots) {
    await page.goto(`${base}/p/${project}/traces/${id}`);
    await page.getByTestId("span-detail").waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/${name}.png` });
  }
  await page.goto(`${base}/p/${project}/traces/${agentId}`);
  await page.getByTestId("span-tree-item").first().waitFor();
  for (const [label, text] of [["chat", "chat gpt-4o"], ["error", "notify_customer"], ["retriever", "retrieve shipping-faq"], ["final", "chat gpt-4o"]]) {
    const items = page.getByTestId("span-tree-item").filter({ hasText: text });
    await (label === "final" ? items.last() : items.first()).click();
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${out}/agent-${label}.png`, fullPage: false });
  }
  await page.goto(`${base}/p/${project}/traces/${"0".repeat(31)}1`);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/unknown.png` });
  console.log(`screenshots in ${out}`);
}
await browser.close();
