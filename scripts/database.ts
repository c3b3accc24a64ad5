import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import type { DemoAccount } from "@/lib/db/seed";
import { env } from "@/lib/env";
import { ROLE_LABELS } from "@/lib/auth/roles";

/** Checks that a server database answers, with a Chinese message that says what to fix. */
export async function checkDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const host = (() => {
      try {
        const u = new URL(url);
        return `${u.hostname}:${u.port || 5432}${u.pathname}`;
      } catch {
        return "(无法解析)";
      }
    })();
    throw new Error(`无法连接数据库 ${host}：${(error as Error).message}。请确认 PostgreSQL 已启动、DATABASE_URL 中的主机、端口、用户和密码正确、防火墙允许连接（作为服务运行时，systemd 会每 10 秒重试一次）。`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs `work` against DATABASE_URL, or against the embedded database: the running one when the app
 * runs (the server takes any number of connections), otherwise started here and stopped afterwards.
 */
export async function withDatabase<T>(work: (url: string, embedded: boolean) => Promise<T>): Promise<T> {
  const { DATABASE_URL, JIXIAO_DATA_DIR, EMBEDDED_DB_PORT } = env();
  if (DATABASE_URL) {
    await checkDatabase(DATABASE_URL);
    return work(DATABASE_URL, false);
  }
  const embedded = await startEmbeddedDatabase({ dataDir: path.resolve(JIXIAO_DATA_DIR, "pgdata"), port: EMBEDDED_DB_PORT, running: "attach", log: () => undefined });
  try {
    return await work(embedded.url, true);
  } finally {
    await embedded.stop();
  }
}

export function printDemoAccounts(accounts: DemoAccount[], title = "演示账户"): void {
  if (accounts.length === 0) return;
  const lines = accounts.map((a) => `  ${ROLE_LABELS[a.role].padEnd(6, "　")}  ${a.username.padEnd(18)} ${a.password}`);
  console.log(
    [
      "",
      `════════ ${title}（密码只显示这一次，请妥善保存） ════════`,
      "  角色      用户名             密码",
      ...lines,
      "══════════════════════════════════════════════════════",
      "",
    ].join("\n"),
  );
}
