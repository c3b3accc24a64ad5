import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { verifyChecksum } from "./backup";

// The daily backup's housekeeping (deploy/systemd/jixiao-backup.service runs `db:backup -- --prune`):
// after a new backup is written and its checksum read back, backups older than BACKUP_KEEP_DAYS are
// removed — never the newest KEEP_AT_LEAST, so a server that was off for a month still has its last
// week — and every backup kept is checked against its .sha256 again, so a backup disk that rots is
// noticed on the day it happens, not on the day a restore is needed. Only files named the way
// db:backup names them are ever touched.

export const KEEP_AT_LEAST = 7;
const NAME = /^jixiao-(server|embedded)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.(dump|tar\.gz)$/;

/** Where db:backup writes: BACKUP_DIR, else <JIXIAO_DATA_DIR>/backups. */
export function backupDir(): string {
  const { BACKUP_DIR, JIXIAO_DATA_DIR } = env();
  return path.resolve(/*turbopackIgnore: true*/ BACKUP_DIR ?? path.join(JIXIAO_DATA_DIR, "backups"));
}

export interface BackupFile {
  file: string;
  /** When it was taken (from its name, written in China time). */
  takenAt: Date;
}

/** db:backup's files in `dir`, newest first. */
export async function listBackups(dir: string): Promise<BackupFile[]> {
  let names: string[];
  try {
    names = await readdir(/*turbopackIgnore: true*/ dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names
    .flatMap((name) => {
      const m = NAME.exec(name);
      if (!m) return [];
      const [, , y, mo, d, h, mi, s] = m;
      return [{ file: path.join(dir, name), takenAt: new Date(Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`)) }];
    })
    .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Which backups the retention rule removes: older than keepDays, except the newest KEEP_AT_LEAST. */
export function expiredBackups(backups: BackupFile[], keepDays: number, now = new Date()): BackupFile[] {
  const cutoff = now.getTime() - keepDays * 86_400_000;
  return backups.slice(KEEP_AT_LEAST).filter((b) => b.takenAt.getTime() < cutoff);
}

export interface PruneResult {
  removed: string[];
  kept: string[];
  /** Kept backups whose checksum is missing or wrong, with the reason. */
  damaged: { file: string; problem: string }[];
}

/** Removes the expired backups (and their .sha256), then checks every one kept. */
export async function pruneBackups(dir: string, keepDays: number, now = new Date()): Promise<PruneResult> {
  const all = await listBackups(dir);
  const expired = expiredBackups(all, keepDays, now);
  for (const b of expired) {
    await rm(b.file, { force: true });
    await rm(`${b.file}.sha256`, { force: true });
  }
  const gone = new Set(expired.map((b) => b.file));
  const kept = all.filter((b) => !gone.has(b.file)).map((b) => b.file);
  const damaged: PruneResult["damaged"] = [];
  for (const file of kept) {
    try {
      await verifyChecksum(file);
    } catch (error) {
      damaged.push({ file, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return { removed: expired.map((b) => b.file), kept, damaged };
}

/** When the newest backup with a checksum file was completed (its .sha256 is written last), or null. */
export async function lastBackupAt(dir = backupDir()): Promise<Date | null> {
  for (const b of await listBackups(dir)) {
    try {
      return (await stat(/*turbopackIgnore: true*/ `${b.file}.sha256`)).mtime;
    } catch {
      // a backup without its checksum is not a finished one
    }
  }
  return null;
}
