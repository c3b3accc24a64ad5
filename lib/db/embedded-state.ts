import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// What a data directory holds before the embedded server is started on it. PostgreSQL's files are
// specific to one major version, and the PGlite directories of earlier versions of this product are
// PostgreSQL 18 too but built for 32-bit WebAssembly (the native server refuses them: "database files
// are incompatible with server"). They are told apart without writing anything: a cluster this
// product created carries its pg_hba.conf header; PGlite never writes postmaster.opts (it never runs
// a postmaster), which every native server writes on its first start.

export type DataDirState = { kind: "missing" } | { kind: "ours" } | { kind: "pglite" } | { kind: "problem"; message: string };

/** The first line of the pg_hba.conf of every cluster this product creates. */
export const HBA_HEADER = "# 绩效通内置数据库";

export function inspectDataDir(dataDir: string): DataDirState {
  let entries: string[];
  try {
    entries = existsSync(dataDir) ? readdirSync(dataDir) : [];
  } catch (error) {
    return { kind: "problem", message: `无法读取数据目录 ${dataDir}（${(error as NodeJS.ErrnoException).code}）：请检查它的权限，或用创建它的用户运行。数据未做任何改动。` };
  }
  if (entries.length === 0) return { kind: "missing" };
  if (!entries.includes("PG_VERSION")) {
    return {
      kind: "problem",
      message: `数据目录 ${dataDir} 不是空的，但其中没有数据库（缺少 PG_VERSION）。为免覆盖其中的文件，内置数据库未创建。请把这个目录移到别处（不要删除，先确认其中是什么），或设置 JIXIAO_DATA_DIR 指向其他目录。`,
    };
  }
  const major = readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim();
  if (major !== "18") {
    return {
      kind: "problem",
      message:
        `数据目录 ${dataDir} 是 PostgreSQL ${major} 的数据库，而本版本内置的是 PostgreSQL 18；大版本之间数据文件格式不同，不能直接打开。数据未做任何改动。` +
        `请确认 JIXIAO_DATA_DIR 没有指错目录；若这是一个 PostgreSQL ${major} 服务器的数据，请用该版本的服务器运行它，并设置 DATABASE_URL 连接（或用 pg_upgrade 把它升级到 18）。`,
    };
  }
  const hba = (() => {
    try {
      return readFileSync(path.join(dataDir, "pg_hba.conf"), "utf8");
    } catch {
      return "";
    }
  })();
  if (hba.startsWith(HBA_HEADER)) return { kind: "ours" };
  if (!entries.includes("postmaster.opts")) return { kind: "pglite" };
  return {
    kind: "problem",
    message: `数据目录 ${dataDir} 是一个不是由绩效通创建的 PostgreSQL 18 数据库，为免改动它，内置数据库未启动。若要让绩效通使用这个数据库，请启动它自己的服务器并设置 DATABASE_URL；否则请设置 JIXIAO_DATA_DIR 指向其他目录。`,
  };
}

export const PGLITE_UPGRADE_HELP = (dataDir: string) =>
  [
    `发现旧版绩效通的内置数据库（PGlite）：${dataDir}。`,
    "本版本的内置数据库是真正的 PostgreSQL 18 服务器，不能直接打开 PGlite 的数据文件；旧数据原样保留，没有任何改动。",
    "请运行下面一条命令，把全部数据（含审计日志）搬到新的内置数据库，完成后再运行 npm start：",
    "",
    "  npm run db:import-pglite",
    "",
    `它逐表核对行数和内容、校验审计哈希链；旧目录改名为 ${path.basename(dataDir)}-pglite 原样保留，不会删除。`,
  ].join("\n");
