import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

// Tests run on a real PostgreSQL server: the one named by TEST_DATABASE_URL (CI starts the machine's
// cluster), otherwise the product's own embedded PostgreSQL 18 (a throwaway cluster in a temporary
// directory) — so `npm test` on a machine without PostgreSQL runs exactly what CI runs. Either way each
// test file gets its own database copied from a migrated TEMPLATE (epic-stack's pattern).

// One template per run (the process that starts the suite), so two runs on one server — a developer's
// and CI's, or two helpers' — never drop each other's template.
const templateName = () => `jixiao_test_template_${process.pid}`;

export interface TestDatabaseServer {
  /** The migrated template the files copy. */
  url: string;
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

/** The server the tests use: TEST_DATABASE_URL, or a throwaway embedded cluster started here. */
export async function startTestServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) return { url: serverUrl, stop: async () => undefined };
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase({ dataDir: null, port: 0 });
  return { url: embedded.url, stop: () => embedded.stop() };
}

/** Starts what the suite needs: a migrated template on the test server. */
export async function startTestDatabaseServer(): Promise<TestDatabaseServer> {
  const server = await startTestServer();
  const template = templateName();
  const url = await recreateDatabase(server.url, template);
  await migrate(url);
  return {
    url,
    async stop() {
      await dropDatabase(server.url, template);
      await server.stop();
    },
  };
}

/** For one test file: its own copy of the template, so files never see each other's rows. */
export async function createFileDatabase(templateUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jixiao_test_${randomBytes(6).toString("hex")}`;
  const url = await recreateDatabase(templateUrl, name, decodeURIComponent(new URL(templateUrl).pathname.slice(1)));
  return { url, drop: () => dropDatabase(templateUrl, name) };
}
