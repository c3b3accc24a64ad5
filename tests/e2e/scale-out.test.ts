import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HttpClient } from "../support/http-client";
import { freePort } from "@/lib/db/embedded-host";

// Scaling out (docs/scaling.md): the app servers are stateless — the session is a signed
// JWT cookie, every fact is in PostgreSQL — so several instances of the same build can serve one
// database behind a load balancer. Shown here with two more `next start` of the e2e build on the
// e2e app's database, sharing one NEXTAUTH_SECRET (as a deployment must): a session started on A is
// valid on B, and a change made through A is seen through B.

interface Instance {
  child: ChildProcess;
  base: string;
  output: () => string;
}

async function startInstance(databaseUrl: string, secret: string): Promise<Instance> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    detached: true,
  });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/login`, { signal: AbortSignal.timeout(5_000) })).status === 200) return { child, base, output: () => output };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance on ${base} did not answer within 90 s:\n${output}`);
}

/** A request to an instance with a given session cookie (and Origin = that instance on writes, as its browser page would send). */
async function withCookie(base: string, path: string, cookie: string | null, init: { json?: unknown } = {}) {
  const headers: Record<string, string> = { Accept: "text/html" };
  if (cookie) headers.Cookie = cookie;
  if (init.json !== undefined) {
    headers["Content-Type"] = "application/json";
    headers.Origin = base;
  }
  const response = await fetch(`${base}${path}`, { method: init.json === undefined ? "GET" : "POST", headers, body: init.json === undefined ? undefined : JSON.stringify(init.json), redirect: "manual", signal: AbortSignal.timeout(30_000) });
  return { status: response.status, location: response.headers.get("location"), text: await response.text() };
}

describe("scale-out: two app instances on one PostgreSQL", () => {
  const databaseUrl = inject("appDatabaseUrl");
  const reporter = inject("accounts").find((a) => a.role === "REPORTER" && a.username.endsWith("309001"))!;
  const secret = randomBytes(32).toString("hex");
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    [a, b] = await Promise.all([startInstance(databaseUrl, secret), startInstance(databaseUrl, secret)]);
  }, 180_000);

  afterAll(() => {
    for (const instance of [a, b]) if (instance?.child.pid) process.kill(-instance.child.pid, "SIGTERM");
  });

  it("a session started on instance A is valid on instance B", async () => {
    const onA = new HttpClient(a.base);
    await onA.signIn(reporter.username, reporter.password);
    const token = onA.cookie("next-auth.session-token");
    expect(token, "A set no session cookie").toBeTruthy();
    const cookie = `next-auth.session-token=${token}`;

    const session = await withCookie(b.base, "/api/auth/session", cookie);
    expect(session.status).toBe(200);
    expect(JSON.parse(session.text).actor).toMatchObject({ username: reporter.username, role: "REPORTER" });
    const projects = await withCookie(b.base, "/projects", cookie);
    expect(projects.status).toBe(200);
    expect(projects.text).toContain("日常办公耗材购置");
    // Without the cookie B sends the visitor to its login page: the session really came from A.
    const anonymous = await withCookie(b.base, "/projects", null);
    expect([anonymous.status, new URL(anonymous.location ?? "/", b.base).pathname]).toEqual([307, "/login"]);
  });

  it("a payment recorded through A is seen through B", async () => {
    const onA = new HttpClient(a.base);
    await onA.signIn(reporter.username, reporter.password);
    const cookie = `next-auth.session-token=${onA.cookie("next-auth.session-token")}`;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let project: { id: string; year: number };
    try {
      // The unit's largest project (柳州市智慧城市专项资金, 5,000 万元): 100 元 moves no figure another test reads.
      project = (await client.query<{ id: string; year: number }>(`SELECT p."id", y."year" FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId" JOIN "FiscalYear" y ON y."id" = p."fiscalYearId" WHERE u."code" = '309001' ORDER BY p."budget" DESC LIMIT 1`)).rows[0]!;
    } finally {
      await client.end();
    }
    const payee = `扩展测试-${randomBytes(4).toString("hex")}`;
    const before = await withCookie(b.base, `/projects/${project.id}/budget`, cookie);
    expect(before.status).toBe(200);
    expect(before.text).not.toContain(payee);

    const date = [`${project.year}-12-20`, new Date().toISOString().slice(0, 10)].sort()[0];
    const written = await onA.postJson<{ id?: string }>(`/api/projects/${project.id}/expenditures`, { date, amount: "100.00", payee, description: "两个实例", confirmed: true });
    expect(written.status, JSON.stringify(written.body)).toBe(201);

    const after = await withCookie(b.base, `/projects/${project.id}/budget`, cookie);
    expect(after.status).toBe(200);
    expect(after.text).toContain(payee);
  });
});
