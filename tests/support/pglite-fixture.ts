import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { recordAdjustment, recordExpenditure } from "@/lib/budget/records";
import { createPrismaClient } from "@/lib/db/client";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createDemoUsers, seedLiuzhou } from "@/lib/db/seed";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { makeUser } from "./factories";

// A data directory as versions of this product before the embedded PostgreSQL server left it: PGlite
// 0.5.14 behind pglite-socket on loopback, migrated by our runner, seeded, with audited records
// written through the app's own functions over one connection (those versions' pool of 1). The
// newest index-only migration is left out, as an older release would not have had it.

const OLD_RELEASE_LACKS = "20261127030000_read_paths";

export async function writePgliteDataDir(dataDir: string, inspect: (url: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(dataDir), { recursive: true }); // as the old lib/db/embedded.ts did
  const db = await PGlite.create({ dataDir });
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 12 });
  await server.start();
  const url = `postgresql://postgres@127.0.0.1:${server.getServerConn().split(":").pop()}/postgres?sslmode=disable`;
  try {
    await migrate(url, undefined, { only: new Set((await readMigrations()).map((m) => m.name).filter((n) => n !== OLD_RELEASE_LACKS)) });
    const client = createPrismaClient(url, 1);
    try {
      const seeded = await seedLiuzhou(client);
      await createDemoUsers(client, seeded.departmentId);
      const { actor } = await makeUser(client, "REPORTER", "309002");
      const project = await client.project.findFirstOrThrow({ where: { name: "龙城市民云APP运维费" }, include: { indicators: true } });
      const now = new Date("2026-11-26T08:00:00Z");
      for (const [i, amount] of ["12345.67", "800.00", "0.01"].entries()) {
        await recordExpenditure(client, actor, project.id, { date: `2025-0${i + 3}-15`, amount, payee: "某科技公司", voucherNo: `OLD-${i}`, confirmed: "true" }, { now });
      }
      await recordAdjustment(client, actor, project.id, { date: "2025-06-01", amount: "-1000.50", reason: "压减一般性支出", approvedBy: "柳财预〔2025〕12号" }, { now });
      const users = project.indicators.find((i) => i.name === "龙城市民云注册用户数")!;
      await saveCheckIns(client, actor, { year: 2025, month: 6, rows: [{ indicatorId: users.id, actual: "125", likelihood: "CERTAIN", note: "旧版 PGlite 中的填报" }] }, { now });
    } finally {
      await client.$disconnect();
    }
    await inspect(url);
  } finally {
    await server.stop();
    await db.close();
  }
}
