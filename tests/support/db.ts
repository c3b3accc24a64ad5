import { afterAll, beforeAll, inject } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { createFileDatabase } from "./test-database";

/** A Prisma client on this file's own migrated database, closed and dropped after the file. */
export function setupTestDb(): () => Db {
  let db: Db | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const file = await createFileDatabase(inject("databaseUrl"));
    drop = file.drop;
    db = createPrismaClient(file.url, 3);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await drop?.();
  });
  return () => {
    if (!db) throw new Error("database not ready");
    return db;
  };
}

/** A client that counts every statement it sends (model operations and raw queries alike). */
export function counting(db: Db): { client: Db; count: () => number } {
  let n = 0;
  const client = db.$extends({ query: { $allOperations: ({ args, query }) => { n += 1; return query(args); } } }) as unknown as Db;
  return { client, count: () => n };
}
