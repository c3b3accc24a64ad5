import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { PrismaClient } from "./generated/client";

export type Db = ReturnType<typeof createPrismaClient>;

/** A client for one connection string. `passwordHash` and `totpSecret` are omitted everywhere unless asked for (dub's pattern). */
export function createPrismaClient(connectionString: string, poolMax = env().DATABASE_POOL_MAX, pool?: pg.Pool) {
  const adapter = new PrismaPg(
    pool ?? {
      connectionString,
      max: poolMax,
      // No endless waits: a dead database answers within seconds (issue 8, fault tolerance).
      connectionTimeoutMillis: env().DATABASE_CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
    },
  );
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true, totpSecret: true } } });
}

const globalForPrisma = globalThis as unknown as { jixiaoPrisma?: Db; jixiaoPool?: pg.Pool };

/** The process-wide client (hot-reload safe), on a pool this module holds so /metrics can report it. */
export function db(): Db {
  if (!globalForPrisma.jixiaoPrisma) {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL 未设置：请用 npm start 启动（它会启动内置数据库），或设置 DATABASE_URL。");
    const { DATABASE_POOL_MAX, DATABASE_CONNECT_TIMEOUT_MS } = env();
    const pool = new pg.Pool({ connectionString: url, max: DATABASE_POOL_MAX, connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS, idleTimeoutMillis: 30_000 });
    globalForPrisma.jixiaoPool = pool;
    globalForPrisma.jixiaoPrisma = createPrismaClient(url, DATABASE_POOL_MAX, pool);
  }
  return globalForPrisma.jixiaoPrisma;
}

/** The process-wide pool's counts (null before the first query): connections open, idle, and requests waiting for one. */
export function poolStats(): { total: number; idle: number; waiting: number; max: number } | null {
  const pool = globalForPrisma.jixiaoPool;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: env().DATABASE_POOL_MAX } : null;
}

export { Prisma } from "./generated/client";
