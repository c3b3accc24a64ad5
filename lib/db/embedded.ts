import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// With no DATABASE_URL the product runs on an embedded PostgreSQL (PGlite, PostgreSQL compiled to
// WebAssembly) served over the PostgreSQL wire protocol on loopback, so the app, the migration runner
// and psql all talk to it like a server. Data lives on disk under the data directory.

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedDatabase(options: { dataDir: string | null; port: number; maxConnections?: number }): Promise<EmbeddedDatabase> {
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = path.resolve(options.dataDir);
    await mkdir(path.dirname(dataDir), { recursive: true });
  }
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({ db, port: options.port, host: "127.0.0.1", maxConnections: options.maxConnections ?? 12 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new Error(`内置数据库端口 ${options.port} 已被占用：是否已有一个绩效通在运行？可设置 EMBEDDED_DB_PORT 换一个端口。`);
    }
    throw error;
  }
  const address = server.getServerConn();
  const port = Number(address.split(":").pop());
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
