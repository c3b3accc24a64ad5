import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { embeddedUrl } from "@/lib/db/embedded-server";
import { migrate } from "@/lib/db/migrate";
import { createDemoUsers, seedLiuzhou } from "@/lib/db/seed";
import { HttpClient } from "../support/http-client";
import { dropDatabase, recreateDatabase } from "../support/test-database";
import { freePort } from "@/lib/db/embedded-host";

// Nothing acknowledged is lost: a stream of check-ins and payments goes to the running app over HTTP,
// several in flight at once; at a random moment the app is killed with SIGKILL (its whole process
// group: for the embedded database that includes its PostgreSQL server, fsync on), then started again. Every
// write the client saw acknowledged (2xx) must be there exactly once; a write in flight at the kill
// may be there or not, but never half (its row without its audit record, or the reverse); the audit
// hash chain verifies; the app answers again. Numbers go to test-results/durability.json and
// docs/durability.md.

const UNIT = "309002";
const ROUNDS = { server: 3, embedded: 3 };
const IN_FLIGHT = 4;
const root = process.cwd();
const work = await mkdtemp(path.join(tmpdir(), "jixiao-durability-"));
await chmod(work, 0o755); // as root the embedded server runs as jixiao-db, which must be able to enter it
const measured: Record<string, unknown>[] = [];

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  if (measured.length === 0) return;
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/durability.json", `${JSON.stringify(measured, null, 2)}\n`);
  console.log("\n耐久性测试结果（kill -9）：");
  console.table(measured);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ── the app as a child process group ───────────────────────────────────────────────────────────

interface App {
  child: ChildProcess;
  output: () => string;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv): App {
  let output = "";
  // Its own process group, so one signal reaches npx, tsx, next and everything they started.
  const child = spawn(command, args, { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

/** Whether a process of group `pgid` is still running; zombies waiting to be reaped do not count (Linux /proc). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  try {
    return readdirSync("/proc").some((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        // pid (comm) state ppid pgrp ...
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        return Number(fields[2]) === pgid && fields[0] !== "Z";
      } catch {
        return false;
      }
    });
  } catch {
    return true;
  }
}

/** SIGKILL to the whole group, then waits until no process of it is left. */
async function killGroup(app: App): Promise<void> {
  const pid = app.child.pid!;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
  for (let i = 0; i < 200 && groupAlive(pid); i++) await sleep(25);
  if (groupAlive(pid)) throw new Error(`process group ${pid} survived SIGKILL`);
}

async function stopGroup(app: App | undefined): Promise<void> {
  const pid = app?.child.pid;
  if (!pid || !groupAlive(pid)) return;
  process.kill(-pid, "SIGTERM");
  for (let i = 0; i < 100 && groupAlive(pid); i++) await sleep(50);
  if (groupAlive(pid)) process.kill(-pid, "SIGKILL");
}

/** Milliseconds until GET /login answers 200. */
async function waitForAnswer(baseUrl: string, app: App, timeoutMs = 90_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (app.child.exitCode !== null) throw new Error(`the app exited with ${app.child.exitCode}:\n${app.output().slice(-3000)}`);
    try {
      const response = await fetch(`${baseUrl}/login`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return Date.now() - started;
    } catch {
      // not up yet
    }
    await sleep(50);
  }
  throw new Error(`the app did not answer within ${timeoutMs} ms:\n${app.output().slice(-3000)}`);
}

// ── the write stream ───────────────────────────────────────────────────────────────────────────

interface Targets {
  projectId: string;
  indicators: { id: string; actual: string }[];
}

async function targetsOf(db: Db): Promise<Targets> {
  const unit = await db.unit.findUniqueOrThrow({ where: { code: UNIT } });
  const projects = await db.project.findMany({ where: { unitId: unit.id }, include: { indicators: true }, orderBy: { budget: "desc" } });
  const indicators = projects.flatMap((p) =>
    p.indicators.filter((i) => i.targetValue !== null && i.targetText === null && ["GTE", "LTE", "EQ"].includes(i.comparator)).map((i) => ({ id: i.id, actual: i.targetValue!.toFixed() })),
  );
  return { projectId: projects[0]!.id, indicators };
}

interface Write {
  tag: string;
  kind: "checkIn" | "expenditure";
  /** Answered 2xx before the kill. */
  acked: boolean;
  status?: number;
  error?: string;
}

/** (month, indicator) pairs not used yet: each check-in creates a new row, so it is countable. */
function* checkInSlots(targets: Targets) {
  for (let month = 1; month <= 12; month++) for (const indicator of targets.indicators.slice(1)) yield { month, indicator };
}

/** The two JSON endpoints keep the UI's rules: same origin, a session, Chinese messages, nothing written on refusal. */
async function apiRules(client: HttpClient, targets: Targets) {
  const expenditures = `/api/projects/${targets.projectId}/expenditures`;
  const crossSite = await fetch(new URL(expenditures, client.baseUrl), { method: "POST", headers: { "Content-Type": "application/json", Origin: "http://evil.example" }, body: "{}" });
  expect(crossSite.status).toBe(403);
  const anonymous = await new HttpClient(client.baseUrl).postJson("/api/check-ins", { year: 2025, month: 1, rows: [] });
  expect(anonymous.status).toBe(401);
  expect(anonymous.body).toMatchObject({ message: "会话已过期，请重新登录。" });
  expect((await client.json(expenditures, { method: "POST", headers: { "Content-Type": "application/json" } })).status).toBe(400);
  const invalid = await client.postJson(expenditures, { date: "2025-01-02", amount: "12.345", payee: "某公司" });
  expect(invalid).toMatchObject({ status: 422, body: { message: "输入有误，请按提示修改。", errors: { amount: "金额最多两位小数（精确到分）" } } });
  const small = await client.postJson<{ needsConfirmation: string[] }>(expenditures, { date: "2025-01-02", amount: "3.5", payee: "文具店" });
  expect(small.status).toBe(409);
  expect(small.body.needsConfirmation[0]).toContain("是否按万元填写了");
  const badRow = await client.postJson("/api/check-ins", { year: 2025, month: 1, rows: [{ indicatorId: targets.indicators[0]!.id, actual: "很多", likelihood: "CERTAIN" }] });
  expect(badRow).toMatchObject({ status: 422, body: { errors: { [targets.indicators[0]!.id]: { actual: expect.any(String) } } } });
  expect((await client.postJson("/api/check-ins", { year: "2025", rows: "x" })).status).toBe(422);
}

/**
 * Opens each month's report with one check-in, one request at a time. Two first saves of a new month
 * arriving together collide on the report's unique key (MonthlyReport upsert, P2002, answered 500 —
 * see docs/durability.md); the stream is about durability, so it starts with the reports in place.
 */
async function openMonths(client: HttpClient, targets: Targets) {
  const indicator = targets.indicators[0]!;
  for (let month = 1; month <= 12; month++) {
    const response = await client.postJson("/api/check-ins", { year: 2025, month, rows: [{ indicatorId: indicator.id, actual: indicator.actual, likelihood: "CERTAIN", deviationCause: "OTHER", correctiveAction: "按计划推进", note: `open-${month}` }] });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
}

async function writeStream(client: HttpClient, targets: Targets, slots: ReturnType<typeof checkInSlots>, prefix: string, kill: () => Promise<void>) {
  const writes: Write[] = [];
  let killed = false;
  let seq = 0;
  const killAfterMs = randomInt(500, 2_000);
  const started = Date.now();
  // The kill comes at a random moment 0.5–2 s in, and not before a few writes were acknowledged.
  const killer = (async () => {
    await sleep(killAfterMs);
    while (writes.filter((w) => w.acked).length < 3 && Date.now() - started < 30_000) await sleep(5);
    killed = true;
    await kill();
  })();
  const worker = async () => {
    while (!killed) {
      const n = seq++;
      const tag = `${prefix}-${n}`;
      const slot = n % 2 === 0 ? slots.next() : null;
      const write: Write = { tag, kind: slot && !slot.done ? "checkIn" : "expenditure", acked: false };
      writes.push(write);
      try {
        const response =
          write.kind === "checkIn" && slot && !slot.done
            ? await client.postJson("/api/check-ins", {
                year: 2025,
                month: slot.value.month,
                rows: [{ indicatorId: slot.value.indicator.id, actual: slot.value.indicator.actual, likelihood: "CERTAIN", deviationCause: "OTHER", correctiveAction: "按计划推进", note: tag }],
              })
            : await client.postJson(`/api/projects/${targets.projectId}/expenditures`, {
                date: `2025-${String((n % 12) + 1).padStart(2, "0")}-${String((n % 28) + 1).padStart(2, "0")}`,
                amount: `${randomInt(100, 100_000)}.${String(randomInt(0, 100)).padStart(2, "0")}`,
                payee: "耐久性测试",
                voucherNo: tag,
                confirmed: true,
              });
        write.status = response.status;
        // An answer that arrives after the kill signal was sent still counts: the client saw it.
        write.acked = response.status >= 200 && response.status < 300;
      } catch (error) {
        write.error = (error as Error).cause ? String((error as { cause: { code?: string } }).cause.code ?? (error as Error).message) : (error as Error).message;
      }
    }
  };
  await Promise.all([killer, ...Array.from({ length: IN_FLIGHT }, worker)]);
  return { writes, killAfterMs, streamMs: Date.now() - started };
}

/** What the database holds for the writes of `prefix`: rows and their audit records, checked against the client's log. */
async function audit(db: Db, prefix: string, writes: Write[], reporterId: string) {
  const expenditures = await db.expenditure.findMany({ where: { voucherNo: { startsWith: `${prefix}-` } }, select: { id: true, voucherNo: true } });
  const checkIns = await db.checkIn.findMany({ where: { note: { startsWith: `${prefix}-` } }, select: { id: true, note: true } });
  const rows = [...expenditures.map((e) => ({ id: e.id, tag: e.voucherNo! })), ...checkIns.map((c) => ({ id: c.id, tag: c.note! }))];
  const events = await db.auditEvent.findMany({ where: { userId: reporterId, action: { in: ["expenditure.create", "checkIn.create"] }, outcome: "SUCCESS" }, select: { objectId: true } });
  const auditsByObject = new Map<string, number>();
  for (const e of events) auditsByObject.set(e.objectId ?? "", (auditsByObject.get(e.objectId ?? "") ?? 0) + 1);
  // Every creation the reporter's audit trail names must still exist (this round's or an earlier one's).
  const objectIds = events.map((e) => e.objectId ?? "");
  const existing = new Set([
    ...(await db.expenditure.findMany({ where: { id: { in: objectIds } }, select: { id: true } })).map((r) => r.id),
    ...(await db.checkIn.findMany({ where: { id: { in: objectIds } }, select: { id: true } })).map((r) => r.id),
  ]);
  const byTag = new Map<string, number>();
  for (const r of rows) byTag.set(r.tag, (byTag.get(r.tag) ?? 0) + 1);
  const acked = writes.filter((w) => w.acked);
  const unacked = writes.filter((w) => !w.acked);
  return {
    lost: acked.filter((w) => (byTag.get(w.tag) ?? 0) === 0).map((w) => w.tag),
    duplicated: [...byTag].filter(([, n]) => n > 1).map(([tag]) => tag),
    /** A row whose audit record is missing (or doubled), or an audit record whose row is missing. */
    partial: [
      ...rows.filter((r) => auditsByObject.get(r.id) !== 1).map((r) => `row ${r.tag} with ${auditsByObject.get(r.id) ?? 0} audit records`),
      ...events.filter((e) => !existing.has(e.objectId ?? "")).map((e) => `audit record for missing ${e.objectId}`),
    ],
    unknown: rows.filter((r) => !writes.some((w) => w.tag === r.tag)).map((r) => r.tag),
    inFlightCommitted: unacked.filter((w) => byTag.has(w.tag)).length,
    inFlightAbsent: unacked.filter((w) => !byTag.has(w.tag)).length,
    acked: acked.length,
  };
}

async function verifyChain(db: Db) {
  const report = await verifyAuditChain(db);
  return { ok: report.ok, checked: report.checked, problem: report.problem };
}

// ── one database kind: rounds of stream, kill, restart, check ──────────────────────────────────

interface Kind {
  name: "server" | "embedded";
  baseUrl: string;
  start(): App;
  /** A client on the database, once the app is up (the embedded one lives inside the app). */
  database(): Db;
}

async function rounds(kind: Kind, credentials: { username: string; password: string }, firstApp: App, whileRunning?: () => void) {
  let app = firstApp;
  const firstAnswerMs = await waitForAnswer(kind.baseUrl, app);
  const client = new HttpClient(kind.baseUrl, 20_000);
  await client.signIn(credentials.username, credentials.password);
  let db = kind.database();
  const reporter = await db.user.findUniqueOrThrow({ where: { username: credentials.username } });
  const targets = await targetsOf(db);
  expect(targets.indicators.length).toBeGreaterThan(10);
  await db.$disconnect();
  if (kind.name === "server") await apiRules(client, targets);
  await openMonths(client, targets);
  const slots = checkInSlots(targets);
  try {
    for (let round = 1; round <= ROUNDS[kind.name]; round++) {
      const prefix = `DUR-${kind.name}-${round}-${randomBytes(2).toString("hex")}`;
      const { writes, killAfterMs, streamMs } = await writeStream(client, targets, slots, prefix, () => killGroup(app));
      const answeredBadly = writes.filter((w) => w.status !== undefined && (w.status < 200 || w.status >= 300));
      expect(answeredBadly, `writes answered with an error before the kill: ${JSON.stringify(answeredBadly.slice(0, 3))}\n${app.output().slice(-4000)}`).toEqual([]);

      const restartedAt = Date.now();
      app = kind.start();
      const answerMs = await waitForAnswer(kind.baseUrl, app);
      // The session survives the restart (same secret); the app takes a write again.
      const after = await client.postJson(`/api/projects/${targets.projectId}/expenditures`, { date: "2025-12-31", amount: "123.45", payee: "耐久性测试（重启后）", voucherNo: `${prefix}-after`, confirmed: true });
      expect(after.status, JSON.stringify(after.body)).toBe(201);
      const firstWriteMs = Date.now() - restartedAt;
      writes.push({ tag: `${prefix}-after`, kind: "expenditure", acked: true, status: 201 });

      db = kind.database();
      try {
        const found = await audit(db, prefix, writes, reporter.id);
        const chain = await verifyChain(db);
        measured.push({
          database: kind.name,
          round,
          killAfterMs,
          streamMs,
          sent: writes.length - 1,
          ackedBeforeKill: found.acked - 1,
          inFlightCommitted: found.inFlightCommitted,
          inFlightAbsent: found.inFlightAbsent,
          lostAcked: found.lost.length,
          partial: found.partial.length,
          duplicated: found.duplicated.length,
          restartToFirstAnswerMs: answerMs,
          restartToFirstWriteMs: firstWriteMs,
          // npm start rebuilds when a source file is newer than the build (someone edited code meanwhile): not a recovery cost.
          rebuiltOnRestart: app.output().includes("正在构建"),
          auditChain: chain.ok ? `ok (${chain.checked})` : chain.problem,
        });
        expect(found.acked - 1, "some writes were acknowledged before the kill").toBeGreaterThan(0);
        expect(found.lost).toEqual([]);
        expect(found.partial).toEqual([]);
        expect(found.duplicated).toEqual([]);
        expect(found.unknown).toEqual([]);
        expect(chain).toMatchObject({ ok: true });
      } finally {
        await db.$disconnect();
      }
    }
    whileRunning?.();
  } finally {
    await stopGroup(app);
  }
  return firstAnswerMs;
}

const serverUrl = process.env.TEST_DATABASE_URL;
const nodeEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extra };
  for (const key of ["DATABASE_URL", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "JIXIAO_DATA_DIR", "EMBEDDED_DB_PORT", "PORT"]) if (!(key in extra)) delete env[key];
  return env;
};

describe.skipIf(!serverUrl)("kill -9 during writes, PostgreSQL server", () => {
  const name = `jixiao_durability_${randomBytes(4).toString("hex")}`;
  afterAll(() => dropDatabase(serverUrl!, name));

  it("keeps every acknowledged write and no half-written one", async () => {
    const url = await recreateDatabase(serverUrl!, name);
    await migrate(url);
    const setup = createPrismaClient(url, 2);
    const seeded = await seedLiuzhou(setup);
    const reporter = (await createDemoUsers(setup, seeded.departmentId)).find((a) => a.username === `reporter${UNIT}`)!;
    await setup.$disconnect();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = nodeEnv({ DATABASE_URL: url, NEXTAUTH_SECRET: randomBytes(32).toString("hex"), NEXTAUTH_URL: baseUrl });
    const start = () => launch("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], env);
    await rounds({ name: "server", baseUrl, start, database: () => createPrismaClient(url, 2) }, reporter, start());
  }, 150_000);
});

describe("kill -9 during writes, embedded database (npm start)", () => {
  it("keeps every acknowledged write and no half-written one", async () => {
    const [port, dbPort] = [await freePort(), await freePort()];
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = nodeEnv({ JIXIAO_DATA_DIR: path.join(work, "data"), PORT: String(port), EMBEDDED_DB_PORT: String(dbPort), NEXTAUTH_URL: baseUrl });
    // The real start path: embedded database, migrations, seed, demo passwords printed once, next start.
    const start = () => launch("npx", ["tsx", "scripts/start.ts"], env);
    const first = start();
    await waitForAnswer(baseUrl, first, 180_000);
    const line = first.output().split("\n").find((l) => l.includes(`reporter${UNIT}`));
    const password = line?.trim().split(/\s+/).at(-1);
    expect(password, `no demo password printed:\n${first.output().slice(-2000)}`).toBeTruthy();
    const url = embeddedUrl(dbPort, readFileSync(path.join(work, "data", "db-password"), "utf8").trim());
    const settings = createPrismaClient(url, 1);
    try {
      // Durable against a power cut too, not only against a killed process.
      const rows = await settings.$queryRaw<{ name: string; setting: string }[]>`SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name`;
      expect(rows.map((r) => `${r.name}=${r.setting}`)).toEqual(["fsync=on", "full_page_writes=on", "synchronous_commit=on"]);
    } finally {
      await settings.$disconnect();
    }
    const backup = (file: string) => spawnSync("npx", ["tsx", "scripts/db.ts", "backup", "--out", file], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
    // npm run db:backup works while the app runs (an online base backup).
    const whileRunning = () => {
      const online = backup(path.join(work, "online.tar.gz"));
      expect(online.status, online.stderr).toBe(0);
      expect(online.stdout).toContain("备份完成");
    };
    await rounds({ name: "embedded", baseUrl, start, database: () => createPrismaClient(url, 2) }, { username: `reporter${UNIT}`, password: password! }, first, whileRunning);
  }, 240_000);
});
