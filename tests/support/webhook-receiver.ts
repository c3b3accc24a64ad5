import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

// A work-chat robot stand-in on 127.0.0.1 (tests never post to an outside address): it keeps every
// request it receives and answers as told, by default as 企业微信 and 钉钉 answer a message they accept.

export interface Received { path: string; query: URLSearchParams; headers: IncomingHttpHeaders; body: string }
export interface Answer { status: number; body: string; delayMs?: number }

const ACCEPTED: Answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };

/** Starts the receiver for this file's tests: `received` in order, `answers` consumed in order, `base()` its address. */
export function setupWebhookReceiver() {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body });
      const answer = answers.shift() ?? ACCEPTED;
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(answer.status, { "Content-Type": "application/json" }).end(answer.body);
      }, answer.delayMs ?? 0);
    });
  });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { received, answers, base: () => base };
}

/** A local address nobody listens on: a port taken and closed at once, so a post to it is refused. */
export async function closedAddress(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}
