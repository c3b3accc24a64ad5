import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { freePort } from "@/lib/db/embedded-host";
import { migrate } from "@/lib/db/migrate";
import { createDemoUsers, seedLiuzhou, type DemoAccount } from "@/lib/db/seed";
import { SCREENSHOT_DIR } from "../support/browser";
import { HttpClient } from "../support/http-client";
import { httpsFetch, type FetchLike } from "../support/https-fetch";
import { dropDatabase, recreateDatabase } from "../support/test-database";

// The deployment kit behind a real reverse proxy: Debian's nginx with the shipped site
// (deploy/nginx/jixiao.conf, the two-instance upstream deploy/nginx/upstream-two.conf), a self-signed
// certificate made here with openssl, and two app instances started the way the systemd unit starts
// them (`node --import tsx scripts/start.ts --production`, with the variables of
// deploy/jixiao.env.example) on one PostgreSQL database. Only the addresses, ports and paths of the
// shipped files are changed, each replacement checked to have matched. Clients connect from other
// loopback addresses (127.0.0.7, 127.0.0.8) than nginx's own (127.0.0.1), so the address nginx saw is
// told apart from the proxy's.

const root = process.cwd();
const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p)) ?? null;
const OPENSSL = spawnSync("openssl", ["version"]).status === 0;
if ((!NGINX || !OPENSSL) && process.env.CI) throw new Error("反向代理测试需要 nginx 和 openssl：apt-get install -y nginx openssl（.ci/run 会自动安装）。");

const CLIENT = "127.0.0.7";
const MONITOR = "127.0.0.8";
const EVIDENCE_LIMIT_MB = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(command: string, args: string[], options: { env?: Record<string, string | undefined> } = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", env: (options.env ?? process.env) as unknown as NodeJS.ProcessEnv });
  return { status: result.status, out: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

/** `text` with each [from, to] replaced, failing when a `from` is not there: the shipped file must keep the shape the test relies on. */
function rewrite(text: string, replacements: [string, string][]): string {
  let out = text;
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`deploy file no longer contains ${JSON.stringify(from)}`);
    out = out.split(from).join(to);
  }
  return out;
}

/** KEY=VALUE lines of the example environment file, as systemd reads them. */
function exampleEnv(): Record<string, string> {
  const entries = readFileSync(path.join(root, "deploy/jixiao.env.example"), "utf8")
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const);
  return Object.fromEntries(entries);
}

interface Instance {
  port: number;
  child: ChildProcess;
  output: () => string;
}

describe.runIf(NGINX && OPENSSL)("behind nginx: HTTPS, forwarded addresses, upload limits, restarts, /metrics", () => {
  let work = "";
  let db: Db;
  let dbName = "";
  let databaseUrl = "";
  let accounts: DemoAccount[] = [];
  let nginx: ChildProcess | undefined;
  let nginxOutput = "";
  const instances: Instance[] = [];
  let httpsPort = 0;
  let httpPort = 0;
  let base = "";
  let ca = "";
  let env: Record<string, string | undefined> = {};
  let client: FetchLike;
  let monitor: FetchLike;
  let browser: Browser | undefined;

  const reporter = () => accounts.find((a) => a.username === "reporter309001")!;

  async function startInstance(port: number): Promise<Instance> {
    let output = "";
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--production"], { cwd: root, env: { ...env, PORT: String(port) } as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`instance ${port} exited with ${child.exitCode}:\n${output}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) })).status === 200) return { port, child, output: () => output };
      } catch {
        // not up yet
      }
      await sleep(200);
    }
    throw new Error(`instance ${port} not ready within 90 s:\n${output}`);
  }

  /** What systemctl stop does with KillMode=mixed: SIGTERM to the main process, then wait for all of it to end. */
  async function stopInstance(instance: Instance): Promise<number | null> {
    if (instance.child.exitCode !== null) return instance.child.exitCode;
    const exited = new Promise<number | null>((resolve) => instance.child.once("exit", (code) => resolve(code)));
    instance.child.kill("SIGTERM");
    const code = await Promise.race([exited, sleep(45_000).then(() => "timeout" as const)]);
    if (code === "timeout") {
      process.kill(-instance.child.pid!, "SIGKILL");
      throw new Error(`instance ${instance.port} did not stop within 45 s:\n${instance.output()}`);
    }
    return code;
  }

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "jixiao-proxy-"));
    await chmod(work, 0o755);
    for (const dir of ["data", "logs", "temp"]) mkdirSync(path.join(work, dir), { mode: 0o777 });
    await chmod(path.join(work, "temp"), 0o777);

    // A self-signed certificate for the loopback address, as docs/deploy.md makes one.
    const cert = path.join(work, "jixiao.crt");
    const key = path.join(work, "jixiao.key");
    const made = run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert]);
    expect(made.status, made.out).toBe(0);
    ca = readFileSync(cert, "utf8");

    // Its own database on the e2e server, set up the way the deployment guide does it.
    dbName = `jixiao_proxy_${randomBytes(4).toString("hex")}`;
    databaseUrl = await recreateDatabase(inject("appDatabaseUrl"), dbName);
    await migrate(databaseUrl);
    db = createPrismaClient(databaseUrl, 2);
    accounts = await createDemoUsers(db, (await seedLiuzhou(db)).departmentId);

    [httpsPort, httpPort] = [await freePort(), await freePort()];
    const ports = [await freePort(), await freePort()];
    base = `https://127.0.0.1:${httpsPort}`;
    env = {
      ...process.env,
      ...exampleEnv(),
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      DATABASE_URL: databaseUrl,
      JIXIAO_DATA_DIR: path.join(work, "data"),
      TLS_CERT_FILE: cert,
      METRICS_ALLOW: MONITOR,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    delete env.PORT;

    // nginx: the shipped site in a minimal main configuration of its own (its own prefix, pid and logs).
    const upstream = rewrite(readFileSync(path.join(root, "deploy/nginx/upstream-two.conf"), "utf8"), [
      ["127.0.0.1:3001", `127.0.0.1:${ports[0]}`],
      ["127.0.0.1:3002", `127.0.0.1:${ports[1]}`],
    ]);
    writeFileSync(path.join(work, "upstream.conf"), upstream);
    const site = rewrite(readFileSync(path.join(root, "deploy/nginx/jixiao.conf"), "utf8"), [
      ["listen 80;", `listen 127.0.0.1:${httpPort};`],
      ["listen 443 ssl http2;", `listen 127.0.0.1:${httpsPort} ssl http2;`],
      ["/etc/jixiao/tls/jixiao.crt", cert],
      ["/etc/jixiao/tls/jixiao.key", key],
      ["/etc/nginx/jixiao-upstream.conf", path.join(work, "upstream.conf")],
      ["/var/lib/nginx/jixiao-static", path.join(work, "temp/static-cache")],
      ["/var/log/nginx/", `${path.join(work, "logs")}/`],
      ["/opt/jixiao/current/", `${root}/`],
    ]);
    writeFileSync(path.join(work, "site.conf"), site);
    const user = process.getuid?.() === 0 ? "user root;\n" : "";
    writeFileSync(
      path.join(work, "nginx.conf"),
      `${user}daemon off;\nworker_processes 1;\npid ${work}/nginx.pid;\nerror_log ${work}/logs/error.log;\nevents { worker_connections 256; }\nhttp {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  client_body_temp_path ${work}/temp/body;\n  proxy_temp_path ${work}/temp/proxy;\n  fastcgi_temp_path ${work}/temp/fastcgi;\n  uwsgi_temp_path ${work}/temp/uwsgi;\n  scgi_temp_path ${work}/temp/scgi;\n  include ${work}/site.conf;\n}\n`,
    );

    instances.push(...(await Promise.all(ports.map((port) => startInstance(port)))));
    nginx = spawn(NGINX!, ["-p", work, "-c", path.join(work, "nginx.conf")], { stdio: ["ignore", "pipe", "pipe"] });
    nginx.stderr!.on("data", (d: Buffer) => (nginxOutput += d.toString()));
    client = httpsFetch({ ca, localAddress: CLIENT });
    monitor = httpsFetch({ ca, localAddress: MONITOR });
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await client(`${base}/api/health/live`)).status === 200) break;
      } catch (error) {
        if (Date.now() > deadline || nginx.exitCode !== null) throw new Error(`nginx did not answer: ${String(error)}\n${nginxOutput}`);
      }
      await sleep(200);
    }
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    // nginx's logs (which instance answered what, and why an upstream was given up) outlive the run.
    if (work && existsSync(path.join(work, "logs"))) cpSync(path.join(work, "logs"), path.join(root, "test-results", "reverse-proxy-logs"), { recursive: true });
    nginx?.kill("SIGQUIT");
    for (const instance of instances) {
      if (instance.child.exitCode === null && instance.child.pid) {
        try {
          process.kill(-instance.child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    }
    await sleep(1_500);
    await db?.$disconnect();
    if (dbName) await dropDatabase(inject("appDatabaseUrl"), dbName).catch(() => undefined);
    if (work) await rm(work, { recursive: true, force: true });
  }, 60_000);

  it("nginx -t accepts the shipped site; plain HTTP is sent to HTTPS; HTTPS answers carry HSTS", async () => {
    const checked = run(NGINX!, ["-t", "-p", work, "-c", path.join(work, "nginx.conf")]);
    expect(checked.out).toContain("syntax is ok");
    expect(checked.status, checked.out).toBe(0);

    const plain = await fetch(`http://127.0.0.1:${httpPort}/projects?unit=309001`, { redirect: "manual" });
    expect(plain.status).toBe(301);
    expect(plain.headers.get("location")).toBe("https://127.0.0.1/projects?unit=309001");

    const login = await client(`${base}/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(login.headers.get("server")).toBe("nginx"); // server_tokens off: no version

    const health = await client(`${base}/api/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; checks: { name: string; ok: boolean; message: string }[] };
    expect(body.status).toBe("ready");
    expect(body.checks.map((c) => c.name)).toEqual(["database", "migrations", "evidence", "certificate"]);
    expect(body.checks.find((c) => c.name === "certificate")!.message).toMatch(/^HTTPS 证书将在 \d+ 天后（\d{4}-\d\d-\d\d）过期，请及时更换。$/);
  });

  it("static files by hashed name: gzip, cached by nginx, immutable for the browser", async () => {
    const html = await (await client(`${base}/login`)).text();
    const chunk = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(chunk, "no script chunk on /login").toBeTruthy();
    const first = await client(`${base}${chunk}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-encoding")).toBe("gzip");
    expect(first.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(first.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const second = await client(`${base}${chunk}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(second.headers.get("x-cache-status")).toBe("HIT");
  });

  it("sign-in over HTTPS in Chromium sets a __Secure- session cookie, and a Server Action saves through the proxy", async () => {
    browser = await chromium.launch({ executablePath: inject("chromiumPath"), args: ["--no-sandbox", "--disable-gpu", "--ignore-certificate-errors", "--no-first-run", "--disable-background-networking", "--disable-component-update"] });
    const context = await browser.newContext({ baseURL: base, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto("/login");
    await page.fill("#username", reporter().username);
    await page.fill("#password", reporter().password);
    await page.click("button[type=submit]");
    await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 });
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "__Secure-next-auth.session-token");
    expect(session, JSON.stringify(cookies.map((c) => c.name))).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookies.some((c) => c.name === "next-auth.session-token")).toBe(false);

    // The monthly grid saves through a Server Action: Next.js checks its Origin against the Host nginx forwards.
    // A quantitative indicator of the unit, given exactly its target: a valid entry needing no explanation.
    const [indicator] = await db.$queryRawUnsafe<{ name: string; target: string }[]>(
      `SELECT i."name", trim_scale(i."targetValue")::text AS target FROM "Indicator" i JOIN "Project" p ON p."id" = i."projectId" JOIN "Unit" u ON u."id" = p."unitId"
        WHERE u."code" = '309001' AND i."targetValue" IS NOT NULL AND i."comparator" = 'GTE' AND i."unitOfMeasure" <> '%' ORDER BY i."name" LIMIT 1`,
    );
    await page.goto("/progress?year=2025&month=3");
    await page.locator(`[aria-label="${indicator!.name} 本月累计实际"]`).first().fill(indicator!.target);
    await page.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => page.locator("#grid-message").textContent()).toMatch(/^已保存 1 项。$/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOT_DIR}/proxy-https-progress-1280.png`, fullPage: false });
    await context.close();
  });

  it("the audit address is the client's address as nginx saw it; a client's own X-Forwarded-For is not believed", async () => {
    const session = new HttpClient(base, 30_000, client);
    await session.signIn(reporter().username, reporter().password, {});
    // The forged header rides on every request of this client.
    const forged = new HttpClient(base, 30_000, (url, init) => client(url, { ...init, headers: { ...(init.headers as Record<string, string>), "X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9" } }));
    await forged.signIn(reporter().username, reporter().password);
    expect(forged.cookie("__Secure-next-auth.session-token")).toBeTruthy();
    const forgedAgain = new HttpClient(base, 30_000, (url, init) => client(url, { ...init, headers: { ...(init.headers as Record<string, string>), "X-Forwarded-For": "203.0.113.9" } }));
    await expect(forgedAgain.signIn(reporter().username, "错误的密码-0000")).rejects.toThrow(/refused/);

    const logins = await db.auditEvent.findMany({ where: { action: "auth.login", username: reporter().username }, orderBy: { id: "asc" }, select: { ip: true, outcome: true } });
    // The browser's sign-in came from 127.0.0.1; these three from 127.0.0.7, whatever they claimed.
    expect(logins.slice(-3)).toEqual([
      { ip: CLIENT, outcome: "SUCCESS" },
      { ip: CLIENT, outcome: "SUCCESS" },
      { ip: CLIENT, outcome: "FAILURE" },
    ]);
    expect(await db.auditEvent.count({ where: { ip: { contains: "203.0.113.9" } } })).toBe(0);
  });

  it("an evidence file at the limit is stored; one over it gets the app's Chinese 413, not nginx's page; beyond nginx's limit nginx answers in Chinese too", async () => {
    const session = new HttpClient(base, 120_000, client);
    await session.signIn(reporter().username, reporter().password);
    const project = (await db.$queryRawUnsafe<{ id: string }[]>(`SELECT p."id" FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId" WHERE u."code" = '309001' ORDER BY p."budget" DESC LIMIT 1`))[0]!;
    const payment = await session.postJson<{ id: string }>(`/api/projects/${project.id}/expenditures`, { date: "2025-03-05", amount: "1200.00", payee: "上传测试", voucherNo: "PROXY-UPLOAD", confirmed: true });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);

    const upload = async (bytes: number, name: string) => {
      const pdf = Buffer.alloc(bytes, 0x20);
      pdf.write("%PDF-1.4\n", 0);
      pdf.write(randomBytes(8).toString("hex"), 16); // a distinct file each time (no duplicate refusal)
      const form = new FormData();
      form.set("expenditureId", payment.body.id);
      form.set("file", new Blob([pdf], { type: "application/pdf" }), name);
      const response = await session.fetch("/api/evidence", { body: form });
      return { status: response.status, type: response.headers.get("content-type") ?? "", body: await response.text() };
    };
    const limit = EVIDENCE_LIMIT_MB * 1024 * 1024;
    const atLimit = await upload(limit, "恰好20MB.pdf");
    expect(atLimit.status, atLimit.body).toBe(201);
    expect(JSON.parse(atLimit.body)).toMatchObject({ size: limit, fileName: "恰好20MB.pdf" });

    const oneByteOver = await upload(limit + 1, "多一个字节.pdf");
    expect([oneByteOver.status, JSON.parse(oneByteOver.body).message]).toEqual([413, "文件过大：上限 20 MB"]);
    const megabyteOver = await upload(limit + 1024 * 1024, "21MB.pdf");
    expect([megabyteOver.status, JSON.parse(megabyteOver.body).message]).toEqual([413, "文件过大：上限 20 MB，本次约 21.0 MB。"]);
    expect(megabyteOver.type).toContain("application/json");

    const huge = await upload(30 * 1024 * 1024, "30MB.pdf");
    expect(huge.status).toBe(413);
    expect(huge.type).toBe("application/json; charset=utf-8");
    expect(JSON.parse(huge.body)).toEqual({ message: "文件过大：超过服务器允许的 25 MB 上限，请压缩或拆分后再上传。" });
    expect(await db.evidence.count({ where: { expenditureId: payment.body.id } })).toBe(1);
  });

  it("restarting each instance in turn while payments stream in loses no session and no write", async () => {
    const session = new HttpClient(base, 60_000, client);
    await session.signIn(reporter().username, reporter().password);
    const project = (await db.$queryRawUnsafe<{ id: string }[]>(`SELECT p."id" FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId" WHERE u."code" = '309001' ORDER BY p."budget" DESC LIMIT 1`))[0]!;
    const prefix = `RESTART-${randomBytes(3).toString("hex")}`;
    const results: { tag: string; status: number | string }[] = [];
    let writing = true;
    let n = 0;
    const writer = async () => {
      while (writing) {
        const tag = `${prefix}-${n++}`;
        try {
          const answer = await session.postJson(`/api/projects/${project.id}/expenditures`, { date: "2025-04-01", amount: "10.00", payee: "重启测试", voucherNo: tag, confirmed: true });
          results.push({ tag, status: answer.status });
        } catch (error) {
          results.push({ tag, status: (error as Error).message });
        }
      }
    };
    const writers = Array.from({ length: 3 }, writer);
    const restarts: { port: number; exitCode: number | null; downMs: number }[] = [];
    const sessions: unknown[] = [];
    try {
      for (const index of [0, 1]) {
        await sleep(1_500);
        const old = instances[index]!;
        const stoppedAt = Date.now();
        const exitCode = await stopInstance(old);
        instances[index] = await startInstance(old.port);
        restarts.push({ port: old.port, exitCode, downMs: Date.now() - stoppedAt });
        // The same session still works, whichever instance answers.
        sessions.push((await session.json<{ actor?: { username: string } }>("/api/auth/session")).body);
      }
      await sleep(1_500);
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    expect(sessions).toMatchObject([{ actor: { username: reporter().username } }, { actor: { username: reporter().username } }]);
    console.log(`重启测试：${results.length} 次写入，重启 ${restarts.map((r) => `${r.port}（停止到重新就绪 ${(r.downMs / 1000).toFixed(1)} 秒，退出码 ${r.exitCode}）`).join("、")}`);

    expect(restarts.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
    const stored = await db.expenditure.findMany({ where: { voucherNo: { startsWith: `${prefix}-` } }, select: { id: true, voucherNo: true } });
    expect(stored.map((s) => s.voucherNo).sort()).toEqual(results.map((r) => r.tag).sort());
    const audited = await db.auditEvent.count({ where: { action: "expenditure.create", objectId: { in: stored.map((s) => s.id) } } });
    expect(audited).toBe(stored.length);
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // Both instances served writes, and each restart was covered by the other one (nginx's log names the upstream).
    const log = readFileSync(path.join(work, "logs/jixiao.access.log"), "utf8").split("\n").filter((l) => l.includes(`/api/projects/${project.id}/expenditures`));
    for (const instance of instances) expect(log.some((l) => l.includes(`upstream=127.0.0.1:${instance.port} `))).toBe(true);
  });

  it("/metrics answers the configured monitoring address only, whatever the headers claim", async () => {
    const refused = await client(`${base}/metrics`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ message: `拒绝访问：/metrics 只对 METRICS_ALLOW 中的地址开放，本次请求来自 ${CLIENT}。` });
    const forged = await client(`${base}/metrics`, { headers: { "X-Forwarded-For": MONITOR } });
    expect(forged.status).toBe(403);
    // Straight to an instance from its own host: the peer is nginx's address, which is not a monitor.
    expect((await fetch(`http://127.0.0.1:${instances[0]!.port}/metrics`)).status).toBe(403);
    expect(await db.auditEvent.count({ where: { action: "access.denied", ip: CLIENT } })).toBeGreaterThanOrEqual(2);

    // Counters are per instance and nginx alternates between the two: a few of each event, then both instances' figures.
    const session = new HttpClient(base, 30_000, client);
    await session.signIn(reporter().username, reporter().password);
    for (let i = 0; i < 4; i++) {
      await expect(new HttpClient(base, 30_000, client).signIn(reporter().username, `错误的密码-${i}`)).rejects.toThrow(/refused/);
      expect((await session.json("/api/auth/session")).status).toBe(200);
    }
    await session.signIn(reporter().username, reporter().password); // clears the failure count
    let text = "";
    for (let i = 0; i < 2; i++) {
      const allowed = await monitor(`${base}/metrics`);
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get("content-type")).toContain("text/plain; version=0.0.4");
      text += await allowed.text();
    }
    for (const name of [
      'jixiao_http_request_duration_seconds_count{method="GET",route="/api/auth/[...nextauth]",status="2xx"}',
      'jixiao_sign_in_failures_total{reason="INVALID"}',
      "jixiao_db_pool_connections",
      "jixiao_db_pool_waiting_requests 0",
      "jixiao_audit_chain_records",
      "jixiao_ready 1",
      'jixiao_readiness_check{check="certificate"} 1',
      "jixiao_tls_certificate_expiry_timestamp_seconds",
      "process_resident_memory_bytes",
    ]) {
      expect(text, name).toContain(name);
    }
    const audited = Number(/^jixiao_audit_chain_records (\d+)$/m.exec(text)?.[1]);
    expect(audited).toBeGreaterThan(0);
    expect(audited).toBeLessThanOrEqual(await db.auditEvent.count());
  });

  it("the service refuses to start, in Chinese naming the fix, on pending migrations or an unreachable database", async () => {
    const start = (overrides: Record<string, string>) =>
      run(process.execPath, ["--import", "tsx", "scripts/start.ts", "--production"], { env: { ...env, PORT: String(65_000), ...overrides } });

    const behindName = `${dbName}_behind`;
    const behind = await recreateDatabase(inject("appDatabaseUrl"), behindName);
    try {
      await migrate(behind);
      const latest = (await db.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`))[0]!.migration_name;
      const other = createPrismaClient(behind, 1);
      await other.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = '${latest}'`);
      await other.$disconnect();
      const pending = start({ DATABASE_URL: behind });
      expect(pending.status).toBe(1);
      expect(pending.out).toContain(`启动失败：数据库结构不是最新：有 1 个迁移尚未执行（${latest}）。请先备份（npm run db:backup），再运行 npm run db:migrate，然后重新启动服务。`);
    } finally {
      await dropDatabase(inject("appDatabaseUrl"), behindName);
    }

    const closed = await freePort();
    const away = start({ DATABASE_URL: `postgresql://jixiao:x@127.0.0.1:${closed}/jixiao` });
    expect(away.status).toBe(1);
    expect(away.out).toContain(`启动失败：无法连接数据库 127.0.0.1:${closed}/jixiao`);
    expect(away.out).toContain("systemd 会每 10 秒重试一次");

    const unset = start({ NEXTAUTH_URL: "" });
    expect(unset.status).toBe(1);
    expect(unset.out).toContain("启动失败：未设置 NEXTAUTH_URL");
  });
});
