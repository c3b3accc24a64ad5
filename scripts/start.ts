// npm start: the one command a newcomer runs. Builds when needed, starts the embedded database when
// DATABASE_URL is unset, migrates, seeds once (printing fresh demo passwords), then serves.
//
// With --production (the service: deploy/systemd/jixiao@.service) it changes nothing by itself: it
// checks that the configuration, the build, the directories, the database and its migrations are
// ready, says in Chinese what to fix when one is not and exits 1 (systemd retries), then serves.
// Upgrading — backup, db:migrate — is the administrator's deliberate step (docs/deploy.md).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { createPrismaClient } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createDemoUsers, seedLiuzhou } from "@/lib/db/seed";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { env, EnvError } from "@/lib/env";
import { checkCertificate, checkMigrations, checkWritable, shippedMigrations, type Check } from "@/lib/ops/readiness";
import { buildIfNeeded, buildIsStale } from "./build";
import { checkDatabase, printDemoAccounts } from "./database";

const dev = process.argv.includes("--dev");
const production = process.argv.includes("--production");
const NEXT_BIN = createRequire(import.meta.url).resolve("next/dist/bin/next");
const demoUsersFlag = process.argv.includes("--demo-users");
/** Longer than the reverse proxy keeps an idle connection to us (nginx: 60 s), so it never reuses one we closed. */
const KEEP_ALIVE_MS = 75_000;

class StartError extends Error {}

/**
 * A secret kept under the data directory, so sessions survive restarts without configuration.
 * Created exclusively: two instances starting at once on one directory end up with the same one.
 */
function authSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8").trim();
}

function fail(check: Check): never {
  throw new StartError(check.message);
}

/** What the service needs before it serves: each failure names its fix. */
async function preflight(dataDir: string): Promise<void> {
  const config = env();
  if (!config.NEXTAUTH_URL) {
    throw new StartError("未设置 NEXTAUTH_URL：请在环境文件（/etc/jixiao/jixiao.env）中把它设为用户在浏览器中输入的地址，如 https://jixiao.example.gov.cn。");
  }
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new StartError(`${process.cwd()} 中没有构建结果：请以安装用户在该目录运行 npm run build，然后重新启动服务。`);
  }
  if (buildIsStale()) console.warn(`[启动] 注意：${process.cwd()} 中有比构建结果更新的源文件。如果刚升级了程序，请运行 npm run build 后重新启动。`);
  for (const check of [await checkWritable("dataDir", dataDir), await checkWritable("evidence", config.EVIDENCE_DIR ?? path.join(dataDir, "evidence"))]) {
    if (!check.ok) fail(check);
  }
  if (config.TLS_CERT_FILE) {
    const certificate = await checkCertificate(config.TLS_CERT_FILE);
    // The certificate is nginx's to serve (its own check refuses to start on a bad one); here it is said
    // loudly and /api/health reports it, but the app itself can still run.
    (certificate.ok ? console.log : console.error)(`[启动] ${certificate.message}`);
  }
}

/** In production the migrations are the administrator's step: refuse a database that is not exactly this version's. */
async function checkSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const check = await checkMigrations(async <T,>(sql: string) => (await client.query(sql)).rows as T[], shippedMigrations(), 10_000);
    if (!check.ok) fail(check);
    console.log(`[启动] ${check.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main() {
  const config = env();
  const dataDir = path.resolve(config.JIXIAO_DATA_DIR);
  if (production) await preflight(dataDir);
  else mkdirSync(dataDir, { recursive: true });

  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  if (url) {
    await checkDatabase(url);
  } else {
    embedded = await startEmbeddedDatabase({ dataDir: path.join(dataDir, "pgdata"), port: config.EMBEDDED_DB_PORT, running: "own" });
    url = embedded.url;
    console.log(`内置数据库（PostgreSQL 18）已启动：127.0.0.1:${embedded.port}，数据目录 ${path.join(dataDir, "pgdata")}。`);
  }

  try {
    if (production) {
      await checkSchema(url);
    } else {
      await migrate(url);
      const db = createPrismaClient(url, 2);
      // Build after the database answered, so a wrong DATABASE_URL fails in seconds, not after a build.
      try {
        const seeded = await seedLiuzhou(db);
        if (seeded.created) console.log(`已导入柳州市大数据发展局：${seeded.projects} 个项目，${seeded.indicators} 个绩效指标。`);
        if (embedded || demoUsersFlag) printDemoAccounts(await createDemoUsers(db, seeded.departmentId));
      } finally {
        await db.$disconnect();
      }
      if (!dev) buildIfNeeded();
    }
  } catch (error) {
    await embedded?.stop().catch(() => undefined);
    throw error;
  }

  const port = String(config.PORT);
  const listen = [...(config.BIND_ADDRESS ? ["-H", config.BIND_ADDRESS] : []), "-p", port, ...(dev ? [] : ["--keepAliveTimeout", String(KEEP_ALIVE_MS)])];
  // Next's own launcher, run by this Node: `npx next` first resolves the package, which cost
  // 1.2–1.5 s of the embedded start measured by the benchmark (its budget: ≤ 15 s after a build).
  const child = spawn(process.execPath, [NEXT_BIN, dev ? "dev" : "start", ...listen], {
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: url,
      NEXTAUTH_SECRET: config.NEXTAUTH_SECRET ?? authSecret(dataDir),
      NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  console.log(production ? `绩效通正在启动：监听 ${config.BIND_ADDRESS ?? "所有地址"} 端口 ${port}，对外地址 ${config.NEXTAUTH_URL}` : `绩效通正在启动：http://localhost:${port}`);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // The app first (it finishes its requests), then the database: a clean shutdown of both.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([once(child, "exit"), new Promise((r) => setTimeout(r, 25_000))]);
    }
    await embedded?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 0));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof StartError) console.error(`启动失败：${error.message}`);
  else console.error(`启动失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
