import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

// Tests run on a real PostgreSQL: the server named by TEST_DATABASE_URL (CI starts the machine's
// cluster), otherwise an embedded in-memory PGlite. On a server each test file gets its own
// database copied from a migrated TEMPLATE (epic-stack's pattern); PGlite has one database, so
// there files run one after another and share it.

// One template per run (the process that starts the suite), so two runs on one server — a developer's
// and CI's, or two helpers' — never drop each other's template.
const templateName = () => `jixiao_test_template_${process.pid}`;

export interface TestDatabaseServer {
  /** A migrated database URL the files will use (a template on a server, the database itself embedded). */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database `name` on the server behind `url` (dropping an old one). Administration
 * goes through the maintenance database `postgres`: PostgreSQL refuses to copy a TEMPLATE while any
 * session is connected to it, and two files copying it at the same moment can collide, so that case
 * (55006 object_in_use) is retried.
 */
export async function recreateDatabase(url: string, name: string, template?: string): Promise<string> {
  const maintenance = withDatabaseName(url, "postgres");
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(maintenance, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
      });
      return withDatabaseName(url, name);
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await admin(withDatabaseName(url, "postgres"), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Starts what the suite needs: a migrated template on the server, or a migrated embedded database. */
export async function startTestDatabaseServer(): Promise<TestDatabaseServer> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = templateName();
    const url = await recreateDatabase(serverUrl, template);
    await migrate(url);
    return { url, embedded: false, stop: () => dropDatabase(serverUrl, template) };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase({ dataDir: null, port: 0 });
  await migrate(embedded.url);
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
}

/**
 * For one test file: its own copy of the template on a server; on the embedded database (one
 * database, files one after another) the schema is emptied and migrated again, so files never see
 * each other's rows either way.
 */
export async function createFileDatabase(templateUrl: string, embedded: boolean): Promise<{ url: string; drop(): Promise<void> }> {
  if (embedded) {
    await admin(templateUrl, (c) => c.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`));
    await migrate(templateUrl);
    return { url: templateUrl, drop: async () => undefined };
  }
  const name = `jixiao_test_${randomBytes(6).toString("hex")}`;
  const url = await recreateDatabase(templateUrl, name, decodeURIComponent(new URL(templateUrl).pathname.slice(1)));
  return { url, drop: () => dropDatabase(templateUrl, name) };
}
