import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "./generated/client";

export type Db = ReturnType<typeof createPrismaClient>;

/** A client for one connection string. `passwordHash` and `totpSecret` are omitted everywhere unless asked for (dub's pattern). */
export function createPrismaClient(connectionString: string, poolMax = env().DATABASE_POOL_MAX) {
  const adapter = new PrismaPg({
    connectionString,
    max: poolMax,
    // No endless waits: a dead database answers within seconds (issue 8, fault tolerance).
    connectionTimeoutMillis: env().DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true, totpSecret: true } } });
}

const globalForPrisma = globalThis as unknown as { jixiaoPrisma?: Db };

/** The process-wide client (hot-reload safe). */
export function db(): Db {
  if (!globalForPrisma.jixiaoPrisma) {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL 未设置：请用 npm start 启动（它会启动内置数据库），或设置 DATABASE_URL。");
    globalForPrisma.jixiaoPrisma = createPrismaClient(url);
  }
  return globalForPrisma.jixiaoPrisma;
}

export { Prisma } from "./generated/client";
