import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { createPrismaClient } from "@/lib/db/client";
import { createDemoUsers, seedLiuzhou, type DemoAccount } from "@/lib/db/seed";
import { migrate } from "@/lib/db/migrate";
import { PRIVILEGED_ROLES } from "@/lib/security/password-policy";
import { generateSecret } from "@/lib/security/totp";
import { buildIfNeeded } from "../../scripts/build";
import { dropDatabase, recreateDatabase, startTestServer } from "./test-database";
import { freePort } from "@/lib/db/embedded-host";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    chromiumPath: string;
    accounts: DemoAccount[];
    /** The database the served app uses, for tests that change something behind its back. */
    appDatabaseUrl: string;
    /** TOTP secrets of the privileged demo accounts (enrolled here, as the person would on first sign-in). */
    totpSecrets: Record<string, string>;
  }
}

export function chromiumPath(): string | null {
  const candidate = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  return existsSync(candidate) ? candidate : null;
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/login`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer within ${timeoutMs} ms`);
}

/** Builds the app, gives it a fresh seeded database with demo accounts, and serves it on a free port. */
export default async function setup(project: TestProject) {
  const chromium = chromiumPath();
  if (!chromium) {
    const message =
      "未找到 Chromium，无法运行浏览器测试。请安装：apt-get install -y chromium fonts-noto-cjk，或设置 CHROMIUM_PATH。";
    if (process.env.CI) throw new Error(message);
    console.warn(`\n⚠ ${message}\n  浏览器测试已跳过（CI 中会失败）。\n`);
  }
  project.provide("chromiumPath", chromium ?? "");

  buildIfNeeded();
  // TEST_DATABASE_URL's server, or a throwaway embedded cluster: the same path either way.
  const server = await startTestServer();
  const dbName = `jixiao_e2e_${randomBytes(4).toString("hex")}`;
  const url = await recreateDatabase(server.url, dbName);
  await migrate(url);
  const db = createPrismaClient(url, 2);
  const seeded = await seedLiuzhou(db);
  const accounts = await createDemoUsers(db, seeded.departmentId);
  // Two-factor is required of the admin, security officer and auditor: enrol them.
  const totpSecrets: Record<string, string> = {};
  for (const a of accounts.filter((a) => PRIVILEGED_ROLES.includes(a.role))) {
    totpSecrets[a.username] = generateSecret();
    await db.user.update({ where: { username: a.username }, data: { totpSecret: totpSecrets[a.username], totpEnabledAt: new Date() } });
  }
  await db.$disconnect();
  project.provide("accounts", accounts);
  project.provide("totpSecrets", totpSecrets);
  project.provide("appDatabaseUrl", url);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: url,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      NEXTAUTH_URL: baseUrl,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    detached: true,
  });
  await waitForServer(baseUrl, child);
  project.provide("baseUrl", baseUrl);

  return async () => {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await dropDatabase(server.url, dbName);
    await server.stop();
  };
}
