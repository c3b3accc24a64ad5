// Helpers of `npm run bench` (scripts/bench.ts): statistics, ports and processes, a signed-in HTTP
// client, the scratch database, and the first-load JavaScript of a route read from the build output.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { totpCode } from "@/lib/security/totp";
import { freePort } from "@/lib/db/embedded-host";

// ───────────────────────────── statistics ─────────────────────────────

/** The p-th percentile (0–100) by nearest rank: the smallest sample with at least p% of samples at or below it. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

// ───────────────────────────── ports and processes ─────────────────────────────

export { freePort };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls GET url until it answers 200; returns the moment (performance.now()) it did. */
export async function waitFor200(url: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`进程已退出（退出码 ${child.exitCode}），见上方输出`);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now();
    } catch {
      // not answering yet
    }
    await sleep(50);
  }
  throw new Error(`${url} 在 ${timeoutMs / 1000} 秒内没有应答`);
}

/** Ends a process group we started (spawned with detached: true), waiting for it to go. */
export async function stopGroup(child: ChildProcess | null | undefined, timeoutMs = 10_000): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const done = await Promise.race([exited.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!done) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(2_000)]);
  }
}

/** `next start` of the existing build on a free port, against one database; stderr kept for diagnosis. */
export async function startNext(options: { cwd: string; databaseUrl: string; poolMax?: number; secret?: string; quiet?: boolean }): Promise<{ child: ChildProcess; baseUrl: string; secret: string; log: () => string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const secret = options.secret ?? randomBytes(32).toString("hex");
  let log = "";
  const child = spawn(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      ...(options.poolMax ? { DATABASE_POOL_MAX: String(options.poolMax) } : {}),
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: baseUrl,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  try {
    await waitFor200(`${baseUrl}/login`, child, 120_000);
  } catch (error) {
    await stopGroup(child);
    throw new Error(`next start 未能启动：${(error as Error).message}\n${log}`);
  }
  return { child, baseUrl, secret, log: () => log };
}

// ───────────────────────────── HTTP client ─────────────────────────────

export interface Timed {
  status: number;
  ms: number;
  bytes: number;
  text: string;
  headers: Headers;
}

/**
 * A client that signs in through next-auth's credentials flow (as tests/support/http-client.ts does)
 * and keeps its cookies; every request that is not a GET carries Origin = the app, as a browser's
 * would (proxy.ts refuses cross-site writes). `timed` measures from sending the request to having
 * read the whole answer.
 */
export class BenchClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly baseUrl: string, readonly label: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      if (eq < 1) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async timed(urlPath: string, init: { method?: string; json?: unknown; form?: Record<string, string> | FormData; accept?: string } = {}): Promise<Timed> {
    const method = init.method ?? (init.json !== undefined || init.form ? "POST" : "GET");
    const headers: Record<string, string> = { Accept: init.accept ?? "text/html" };
    if (method !== "GET" && method !== "HEAD") headers.Origin = new URL(this.baseUrl).origin;
    if (this.cookies.size > 0) headers.Cookie = this.cookieHeader();
    let body: string | FormData | undefined;
    if (init.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(init.json);
    } else if (init.form instanceof FormData) {
      body = init.form; // multipart, boundary set by fetch — as the import screen posts it
    } else if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const started = performance.now();
    const response = await fetch(new URL(urlPath, this.baseUrl), { method, headers, body, redirect: "manual", signal: AbortSignal.timeout(120_000) });
    const buffer = Buffer.from(await response.arrayBuffer());
    const ms = performance.now() - started;
    this.remember(response);
    const type = response.headers.get("content-type") ?? "";
    return { status: response.status, ms, bytes: buffer.length, text: /json|text|html/.test(type) ? buffer.toString("utf8") : "", headers: response.headers };
  }

  signedIn(): boolean {
    return [...this.cookies.keys()].some((name) => /(^|\.)next-auth\.session-token(\.\d+)?$/.test(name));
  }

  /** Signs in (with a TOTP code when the account has a secret); throws with next-auth's error code when refused. */
  async signIn(username: string, password: string, totpSecret?: string | null): Promise<void> {
    const csrf = await this.timed("/api/auth/csrf", { accept: "application/json" });
    const csrfToken = (JSON.parse(csrf.text || "{}") as { csrfToken?: string }).csrfToken;
    if (csrf.status !== 200 || !csrfToken) throw new Error(`GET /api/auth/csrf 返回 ${csrf.status}`);
    const form: Record<string, string> = { csrfToken, username, password, callbackUrl: this.baseUrl, json: "true" };
    if (totpSecret) form.totp = totpCode(totpSecret, new Date());
    const answer = await this.timed("/api/auth/callback/credentials", { form, accept: "application/json" });
    if (!this.signedIn()) {
      let location = answer.headers.get("location") ?? "";
      try {
        location = (JSON.parse(answer.text) as { url?: string }).url ?? location;
      } catch {
        // no JSON
      }
      const error = location ? new URL(location, this.baseUrl).searchParams.get("error") : null;
      throw new Error(`${username} 登录被拒绝（${answer.status}${error ? `，${error}` : ""}）`);
    }
    // A session that must first change its password or enrol two-factor cannot work (activeActor is null).
    const session = await this.timed("/api/auth/session", { accept: "application/json" });
    const actor = (JSON.parse(session.text || "{}") as { actor?: { pending?: string } }).actor;
    if (!actor) throw new Error(`${username} 登录后没有会话`);
    if (actor.pending) throw new Error(`${username} 登录后须先处理 ${actor.pending}，无法测量`);
  }
}

// ───────────────────────────── scratch database ─────────────────────────────

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs SQL on the server's maintenance database (the one named in the given URL). */
async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(serverUrl: string, name: string): Promise<string> {
  await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  return withDatabaseName(serverUrl, name);
}

export async function dropScratchDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

// ───────────────────────────── first-load JavaScript ─────────────────────────────

export interface FirstLoad {
  route: string;
  chunks: number;
  rawBytes: number;
  gzipBytes: number;
  /** The largest chunks (gzip), to say where the weight is. */
  largest: { file: string; gzipBytes: number }[];
  source: string;
}

/**
 * The JavaScript a browser must load before a route is interactive, gzip-compressed (level 9) and
 * summed. Next 16 writes the list of chunks per route to .next/diagnostics/route-bundle-stats.json;
 * an older build layout is read from build-manifest.json (root chunks) plus the route's
 * page_client-reference-manifest.js (its entry chunks).
 */
export function firstLoadJs(root: string, route: string, appPath: string): FirstLoad {
  const next = path.join(root, ".next");
  let files: string[] | null = null;
  let source = "";
  const stats = path.join(next, "diagnostics", "route-bundle-stats.json");
  if (existsSync(stats)) {
    const rows = JSON.parse(readFileSync(stats, "utf8")) as { route: string; firstLoadChunkPaths: string[] }[];
    const row = rows.find((r) => r.route === route);
    if (row) {
      files = row.firstLoadChunkPaths.map((p) => path.join(root, p));
      source = ".next/diagnostics/route-bundle-stats.json";
    }
  }
  if (!files) {
    const manifest = JSON.parse(readFileSync(path.join(next, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[]; polyfillFiles?: string[] };
    const entry = path.join(next, "server", "app", appPath, "page_client-reference-manifest.js");
    const text = readFileSync(entry, "utf8");
    const chunks = new Set<string>(manifest.rootMainFiles ?? []);
    for (const m of text.matchAll(/"(static\/chunks\/[^"]+\.js)"/g)) chunks.add(m[1]!);
    files = [...chunks].map((p) => path.join(next, p));
    source = `.next/build-manifest.json + .next/server/app/${appPath}/page_client-reference-manifest.js`;
  }
  let rawBytes = 0;
  let gzipBytes = 0;
  const sizes: { file: string; gzipBytes: number }[] = [];
  for (const file of new Set(files)) {
    const bytes = readFileSync(file);
    const gz = gzipSync(bytes, { level: 9 }).length;
    rawBytes += bytes.length;
    gzipBytes += gz;
    sizes.push({ file: path.relative(root, file), gzipBytes: gz });
  }
  sizes.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { route, chunks: sizes.length, rawBytes, gzipBytes, largest: sizes.slice(0, 4), source };
}
