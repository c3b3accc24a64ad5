// npm run db:migrate | db:seed [-- --demo-users] | db:reset | db:backup [-- --out 文件] | db:restore -- 文件 [--clean --yes]
//        | db:import-pglite [-- 旧目录]
// Works on DATABASE_URL, or on the embedded database under the data directory when it is unset.
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { backupEmbedded, BackupError, backupFileName, backupServer, inspectRestored, restoreEmbedded, restoreServer, verifyChecksum, type BackupResult, type RestoreResult } from "@/lib/db/backup";
import { backupDir, KEEP_AT_LEAST, pruneBackups } from "@/lib/db/backup-retention";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { inspectDataDir } from "@/lib/db/embedded-state";
import { importPglite } from "@/lib/db/pglite-import";
import { createPrismaClient } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createDemoUsers, seedLiuzhou } from "@/lib/db/seed";
import { env } from "@/lib/env";
import { PRIVILEGED_ROLES } from "@/lib/security/password-policy";
import { checkDatabase, printDemoAccounts, withDatabase } from "./database";

const command = process.argv[2];
const args = process.argv.slice(3);
const demoUsers = args.includes("--demo-users");
const adminAccounts = args.includes("--admin-accounts");

const USAGE = [
  "用法：",
  "  tsx scripts/db.ts migrate|seed|reset [--demo-users | --admin-accounts]",
  "  tsx scripts/db.ts backup [--out 文件] [--prune]               （npm run db:backup）",
  "  tsx scripts/db.ts restore 文件 [--clean --yes] [--no-checksum]  （npm run db:restore -- 文件）",
  "  tsx scripts/db.ts import-pglite [旧目录]                         （npm run db:import-pglite）",
].join("\n");

function option(name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith("--")) throw new BackupError(`${name} 后面需要一个文件名。`);
  return value;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;

/**
 * A new backup's file in BACKUP_DIR, named by its time to the second and never one already there: a
 * second backup within the same second waits for the next one rather than overwrite the first.
 */
async function newBackupFile(kind: "server" | "embedded"): Promise<string> {
  for (;;) {
    const file = path.join(backupDir(), backupFileName(kind));
    if (!existsSync(file)) return file;
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
  }
}

async function backup() {
  const { DATABASE_URL, JIXIAO_DATA_DIR, BACKUP_KEEP_DAYS } = env();
  const kind = DATABASE_URL ? "server" : "embedded";
  const out = option("--out");
  const prune = args.includes("--prune");
  if (prune && out) throw new BackupError("--prune 只整理备份目录（BACKUP_DIR）中的备份，不能与 --out 同时使用。");
  const file = path.resolve(out ?? (await newBackupFile(kind)));
  let result: BackupResult;
  if (DATABASE_URL) {
    await checkDatabase(DATABASE_URL);
    console.log("正在备份 PostgreSQL 数据库（pg_dump，应用可继续运行）……");
    result = await backupServer(DATABASE_URL, file);
  } else {
    console.log("正在备份内置数据库（在线基础备份：pg_backup_start/pg_backup_stop，应用可继续运行）……");
    const dataDir = path.resolve(JIXIAO_DATA_DIR, "pgdata");
    // A base backup covers the whole cluster, whichever database the connection names.
    result = await withDatabase((url) => backupEmbedded(dataDir, url, file));
  }
  console.log(
    [
      `备份完成：${result.file}`,
      `  大小 ${megabytes(result.bytes)}，用时 ${seconds(result.ms)}`,
      `  SHA-256 ${result.sha256}（校验文件 ${path.basename(result.checksumFile)}，恢复时自动核对）`,
      "请把这两个文件一起复制到另一台机器或离线介质上保存。",
    ].join("\n"),
  );
  if (!prune) return;
  // Read back before anything old is removed: a backup that does not verify removes nothing.
  await verifyChecksum(result.file);
  const pruned = await pruneBackups(path.dirname(result.file), BACKUP_KEEP_DAYS);
  console.log(`整理备份：保留 ${pruned.kept.length} 份（${BACKUP_KEEP_DAYS} 天内的，且至少最近 ${KEEP_AT_LEAST} 份），删除 ${pruned.removed.length} 份${pruned.removed.length ? `：${pruned.removed.map((f) => path.basename(f)).join("、")}` : ""}。`);
  if (pruned.damaged.length > 0) {
    throw new BackupError(`以下备份的校验和不符或缺少校验文件，已不能用于恢复：\n${pruned.damaged.map((d) => `  ${d.file}：${d.problem}`).join("\n")}\n请检查备份所在的磁盘，并把完好的备份另行保存。`);
  }
  console.log(`保留的 ${pruned.kept.length} 份备份逐一核对 SHA-256 校验和，全部一致。`);
}

function printRestore(result: RestoreResult) {
  const tables = Object.entries(result.tables);
  const rows = tables.reduce((sum, [, n]) => sum + n, 0);
  console.log(`恢复完成：${tables.length} 张表，共 ${rows} 行，用时 ${seconds(result.ms)}。`);
  if (result.previousDataDir) console.log(`原内置数据库已改名保留在 ${result.previousDataDir}，确认无误后可删除。`);
  if (result.audit.ok) console.log(`审计日志哈希链校验通过（${result.audit.checked} 条记录）。`);
  else {
    console.error(`警告：审计日志哈希链校验未通过：${result.audit.problem ?? "未知问题"}。`);
    process.exitCode = 1;
  }
}

async function restore() {
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) throw new BackupError(`请指定要恢复的备份文件。\n${USAGE}`);
  const clean = args.includes("--clean");
  if (clean && !args.includes("--yes")) {
    throw new BackupError("--clean 会删除目标数据库中的全部现有数据。确认要这样做，请同时加 --yes 重新运行。");
  }
  const skipChecksum = args.includes("--no-checksum");
  const { DATABASE_URL, JIXIAO_DATA_DIR } = env();
  if (DATABASE_URL) {
    await checkDatabase(DATABASE_URL);
    console.log("正在恢复到 PostgreSQL 数据库（pg_restore，单个事务）……");
    printRestore(await restoreServer(DATABASE_URL, path.resolve(file), { clean, skipChecksum }));
  } else {
    console.log("正在恢复内置数据库（须先停止绩效通）……");
    printRestore(await restoreEmbedded(path.resolve(JIXIAO_DATA_DIR, "pgdata"), path.resolve(file), { replace: clean, skipChecksum }));
  }
}

/**
 * Moves an old PGlite directory's data into a new embedded cluster: built beside the data directory,
 * then the PGlite directory is renamed to pgdata-pglite (kept, never deleted) and the new one takes its place.
 */
async function importOldDatabase() {
  const { DATABASE_URL, JIXIAO_DATA_DIR } = env();
  if (DATABASE_URL) {
    throw new BackupError("db:import-pglite 把旧版的数据搬到内置数据库：请在未设置 DATABASE_URL 时运行（之后如需迁到 PostgreSQL 服务器，可用 18 或更高版本的 pg_dump 从内置数据库导出）。");
  }
  const dataDir = path.resolve(JIXIAO_DATA_DIR, "pgdata");
  const oldDir = path.resolve(args.find((a) => !a.startsWith("--")) ?? dataDir);
  const oldState = inspectDataDir(oldDir);
  if (oldState.kind !== "pglite") {
    throw new BackupError(oldDir === dataDir && oldState.kind === "ours" ? `${dataDir} 已经是新的内置数据库，不需要导入。` : `${oldDir} 不是旧版绩效通的 PGlite 数据目录，未做任何改动。`);
  }
  if (oldDir !== dataDir && inspectDataDir(dataDir).kind !== "missing") {
    throw new BackupError(`${dataDir} 已有数据库，为免覆盖，未导入。请先把它移走，或设置 JIXIAO_DATA_DIR 指向新的目录。`);
  }
  const staging = `${dataDir}.importing`;
  // Only ever holds a cluster an earlier, interrupted import created from copies.
  await rm(staging, { recursive: true, force: true });
  console.log(`正在从 ${oldDir} 导入（旧目录只读取它的副本，不做任何改动）……`);
  const embedded = await startEmbeddedDatabase({ dataDir: staging, port: 0, log: () => undefined });
  let result;
  let audit;
  try {
    result = await importPglite(oldDir, embedded.url, (m) => console.log(m));
    audit = (await inspectRestored(embedded.url)).audit;
  } catch (error) {
    await embedded.stop();
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await embedded.stop();
  let kept = oldDir;
  if (oldDir === dataDir) {
    kept = existsSync(`${dataDir}-pglite`) ? `${dataDir}-pglite-${Date.now()}` : `${dataDir}-pglite`;
    await rename(dataDir, kept);
  }
  await rename(staging, dataDir);
  const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
  console.log(
    [
      `导入完成：${Object.keys(result.tables).length} 张表，共 ${rows} 行，逐表核对行数与内容一致，用时 ${seconds(result.ms)}。`,
      `  迁移：沿用旧库的 ${result.migrations.copied} 个，另应用本版本新增的 ${result.migrations.appliedAfter.length} 个。`,
      audit.ok ? `  审计日志哈希链校验通过（${audit.checked} 条记录）。` : `  警告：审计日志哈希链校验未通过：${audit.problem ?? "未知问题"}。`,
      `旧的 PGlite 数据目录原样保留在 ${kept}，确认新数据库无误后可自行删除。现在可以运行 npm start。`,
    ].join("\n"),
  );
  if (!audit.ok) process.exitCode = 1;
}

async function main() {
  if (command === "import-pglite") return importOldDatabase();
  if (command === "backup") return backup();
  if (command === "restore") return restore();
  await withDatabase(async (url, embedded) => {
    if (command === "reset") {
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
      // Demo accounts only on the embedded database, or on a server when asked for explicitly. A
      // production installation asks for the three administrators only (--admin-accounts), each of
      // whom replaces the printed password and enrols a dynamic code at first sign-in.
      if (adminAccounts) {
        const created = await createDemoUsers(db, seeded.departmentId, { roles: PRIVILEGED_ROLES, changePasswordAtFirstSignIn: true });
        printDemoAccounts(created, "管理员账户");
        console.log(created.length ? "请把每个账户的用户名和密码当面交给其使用人：首次登录须先修改密码，再在“账户安全”页绑定动态验证码。" : "三个管理员账户都已存在，未创建新账户。");
      }
      else if (embedded || demoUsers) printDemoAccounts(await createDemoUsers(db, seeded.departmentId));
    } finally {
      await db.$disconnect();
    }
  });
}

if (!["migrate", "seed", "reset", "backup", "restore", "import-pglite"].includes(command ?? "")) {
  console.error(USAGE);
  process.exit(2);
}
main().catch((error: unknown) => {
  const what = command === "backup" ? "备份失败" : command === "restore" ? "恢复失败" : command === "import-pglite" ? "导入失败（旧目录未做任何改动）" : "数据库操作失败";
  console.error(`${what}：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
