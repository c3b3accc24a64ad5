import { describe, expect, it } from "vitest";
import { expiredBackups, KEEP_AT_LEAST, type BackupFile } from "@/lib/db/backup-retention";

const day = 86_400_000;
const now = new Date("2026-03-31T02:30:00+08:00");
/** One backup a day for `days` days, newest first (as listBackups gives them). */
const daily = (days: number, from = now): BackupFile[] => Array.from({ length: days }, (_, i) => ({ file: `b${i}`, takenAt: new Date(from.getTime() - i * day) }));

describe("backup retention", () => {
  it("removes what is older than the kept days", () => {
    // 40 daily backups, 30 days kept: those taken 31–39 days ago go (the one exactly 30 days old stays).
    expect(expiredBackups(daily(40), 30, now).map((b) => b.file)).toEqual(["b31", "b32", "b33", "b34", "b35", "b36", "b37", "b38", "b39"]);
    expect(expiredBackups(daily(30), 30, now)).toEqual([]);
  });

  it("always keeps the newest seven, however old", () => {
    // A server switched off for two months: its last ten backups are all old; the newest seven stay.
    const old = daily(10, new Date(now.getTime() - 60 * day));
    expect(KEEP_AT_LEAST).toBe(7);
    expect(expiredBackups(old, 30, now).map((b) => b.file)).toEqual(["b7", "b8", "b9"]);
    expect(expiredBackups(old.slice(0, 7), 1, now)).toEqual([]);
  });
});
