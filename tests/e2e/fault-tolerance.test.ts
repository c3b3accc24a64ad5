import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, connect, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

// Fault tolerance: the database goes away → a clear 503 within 5 s; it comes back → the app recovers by
// itself. A second app server talks to the test database through a TCP forwarder this test can cut.

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

/** A forwarder to host:port (or a Unix socket path) that can be cut (every connection closed, new ones refused) and restored. */
function forwarder(target: { host: string; port: number } | { path: string }) {
  const sockets = new Set<Socket>();
  let open = true;
  const server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = "path" in target ? connect(target.path) : connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    server,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
  };
}

async function statusOf(url: string): Promise<{ status: number; text: string; ms: number }> {
  const start = Date.now();
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(15_000) });
    return { status: response.status, text: await response.text(), ms: Date.now() - start };
  } catch {
    return { status: 0, text: "", ms: Date.now() - start };
  }
}

describe("fault tolerance", () => {
  const db = new URL(inject("appDatabaseUrl"));
  // A server reached through its Unix socket (?host=/var/run/postgresql) or over TCP (embedded, or a host).
  const socketDir = db.searchParams.get("host");
  const target = socketDir?.startsWith("/") ? { path: `${socketDir}/.s.PGSQL.${db.port || 5432}` } : { host: db.hostname, port: Number(db.port || 5432) };
  const link = forwarder(target);
  let app: ChildProcess | undefined;
  let base = "";

  beforeAll(async () => {
    const forwardPort = await listen(link.server);
    const url = new URL(db.toString());
    url.hostname = "127.0.0.1";
    url.port = String(forwardPort);
    url.searchParams.delete("host");
    const probe = createServer();
    const appPort = await listen(probe);
    await new Promise((r) => probe.close(r));
    base = `http://127.0.0.1:${appPort}`;
    app = spawn("npx", ["next", "start", "-p", String(appPort), "-H", "127.0.0.1"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DATABASE_URL: url.toString(), NEXTAUTH_SECRET: randomBytes(32).toString("hex"), NEXTAUTH_URL: base, NEXT_TELEMETRY_DISABLED: "1" },
      detached: true,
    });
    for (let i = 0; i < 120 && (await statusOf(`${base}/login`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 500));
  }, 90_000);

  afterAll(() => {
    if (app?.pid) process.kill(-app.pid, "SIGTERM");
    link.server.close();
  });

  it("answers 503 with a Chinese page within 5 s of losing the database, and recovers by itself", async () => {
    expect((await statusOf(`${base}/login`)).status).toBe(200);
    link.cut();
    const cutAt = Date.now();
    let answer = await statusOf(`${base}/login`);
    while (answer.status !== 503 && Date.now() - cutAt < 10_000) answer = await statusOf(`${base}/login`);
    const detected = Date.now() - cutAt;
    expect(answer.status).toBe(503);
    expect(answer.text).toContain("数据库暂时无法连接");
    expect(detected).toBeLessThanOrEqual(5_000);
    // While it is away, every answer is quick: no request waits for a dead connection.
    const during = await statusOf(`${base}/projects`);
    expect([during.status, during.ms < 1_000]).toEqual([503, true]);
    expect((await statusOf(`${base}/api/evidence?checkInId=x`)).status).toBe(503);

    link.restore();
    const backAt = Date.now();
    answer = await statusOf(`${base}/login`);
    while (answer.status !== 200 && Date.now() - backAt < 15_000) {
      await new Promise((r) => setTimeout(r, 250));
      answer = await statusOf(`${base}/login`);
    }
    expect(answer.status).toBe(200);
    console.log(`[fault tolerance] 503 after ${detected} ms; back to 200 after ${Date.now() - backAt} ms`);
  }, 60_000);
});
