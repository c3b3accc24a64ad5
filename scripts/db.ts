// npm run db:migrate | db:seed [-- --demo-users] | db:reset
// Works on DATABASE_URL, or on the embedded database under the data directory when it is unset.
import { rm } from "node:fs/promises";
import path from "node:path";
import { createPrismaClient } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createDemoUsers, seedLiuzhou } from "@/lib/db/seed";
import { env } from "@/lib/env";
import { printDemoAccounts, withDatabase } from "./database";

const command = process.argv[2];
const demoUsers = process.argv.includes("--demo-users");

async function main() {
  if (command === "reset" && !env().DATABASE_URL) {
    // The embedded database is a folder: removing it is the reset.
    await rm(path.resolve(env().JIXIAO_DATA_DIR, "pgdata"), { recursive: true, force: true });
    console.log("已删除内置数据库，重新迁移并导入种子数据……");
  }
  await withDatabase(async (url, embedded) => {
    if (command === "reset" && !embedded) {
      const db = createPrismaClient(url, 1);
      await db.$executeRawUnsafe("DROP SCHEMA public CASCADE");
      await db.$executeRawUnsafe("CREATE SCHEMA public");
      await db.$disconnect();
    }
    const migrated = await migrate(url);
    console.log(`迁移：新应用 ${migrated.applied.length} 个，已存在 ${migrated.alreadyApplied} 个。`);
    if (command === "migrate") return;
    const db = createPrismaClient(url, 2);
    try {
      const seeded = await seedLiuzhou(db);
      console.log(`${seeded.created ? "已导入" : "已存在"}：${seeded.projects} 个项目，${seeded.indicators} 个绩效指标。`);
      // Demo accounts only on the embedded database, or on a server when asked for explicitly.
      if (embedded || demoUsers) printDemoAccounts(await createDemoUsers(db, seeded.departmentId));
    } finally {
      await db.$disconnect();
    }
  });
}

if (!["migrate", "seed", "reset"].includes(command ?? "")) {
  console.error("用法：tsx scripts/db.ts migrate|seed|reset [--demo-users]");
  process.exit(2);
}
main().catch((error: unknown) => {
  console.error(`数据库操作失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
