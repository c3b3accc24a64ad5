import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { monthView, type MonthRow } from "@/lib/progress/month-view";
import { downloadMonthlyTemplate, previewMonthlyTemplate } from "@/lib/progress/template-service";
import { readMonthlyTemplate } from "@/lib/progress/template";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { rng } from "../support/random";

// The round trip is the identity (property-style): months of random saved check-ins — numbers of
// every shape the column holds, scale values, deadline months, forecasts, likelihoods, causes,
// measures and notes with the characters people type — downloaded as the month's template and
// uploaded unchanged import cleanly and change nothing: no row to import, no audit record, every
// check-in byte for byte and version for version as it was. A failing case names its seed.

const db = setupTestDb();
const now = new Date("2026-11-26T08:00:00Z");
const YEAR = 2025;
const SEED = 20_251_206;
const MONTHS = 6;

const LIKELIHOODS = ["CERTAIN", "POSSIBLE", "IMPOSSIBLE"] as const;
const CAUSES = ["FUNDING", "RULES", "STAFFING", "EQUIPMENT", "OTHER"] as const;
// What people write in free text: punctuation of both widths, quotes, a leading =, +, - or @, text
// Excel would read as a date or a number, line breaks and tabs, emoji, long text.
const TEXTS = ["增派人员，加快进度", "1-2", "=1+1", "+86 772", "-5", "@所有人", "“引号”与\"quotes\"", "第一条\n第二条", "A\tB", "0012", "3月5日", "1e5", "🙂 已完成", "（全角）括号(半角)", "采购延期；12 月完成"];

const pick = <T,>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A number as the column holds it: integers, 2 or 8 decimals, up to 16 integer digits, or 0. */
function numberFor(random: () => number, row: MonthRow): string {
  if (row.unit === "%") return String(Math.floor(random() * 10001) / 100);
  const shape = Math.floor(random() * 6);
  if (shape === 0) return "0";
  if (shape === 1) return String(Math.floor(random() * 1000));
  if (shape === 2) return (random() * 10_000).toFixed(2).replace(/\.?0+$/, "");
  if (shape === 3) return `${Math.floor(random() * 100)}.${String(Math.floor(random() * 1e8)).padStart(8, "0")}`.replace(/\.?0+$/, "");
  if (shape === 4) return `${Math.floor(random() * 9e15) + 1e15}.${Math.floor(random() * 9) + 1}`; // 17 significant digits: text in the cell
  return String(Math.floor(random() * 1e7));
}

function valueFor(random: () => number, row: MonthRow): string {
  if (row.kind === "text") return pick(random, row.options);
  if (row.hint.startsWith("填完成的月份")) return String(Math.floor(random() * 13));
  return numberFor(random, row);
}

/** A random row for the month: each field set or left empty, and an explanation where the status needs one. */
function randomRow(random: () => number, row: MonthRow) {
  const maybe = <T,>(p: number, make: () => T): T | null => (random() < p ? make() : null);
  const text = () => (random() < 0.2 ? pick(random, TEXTS).repeat(1 + Math.floor(random() * 40)).slice(0, 1000).trim() : pick(random, TEXTS));
  return {
    indicatorId: row.indicatorId,
    actual: maybe(0.85, () => valueFor(random, row)),
    forecast: maybe(0.5, () => valueFor(random, row)),
    likelihood: maybe(0.7, () => pick(random, LIKELIHOODS)),
    deviationCause: maybe(0.3, () => pick(random, CAUSES)),
    correctiveAction: maybe(0.3, text),
    note: maybe(0.3, text),
  };
}

async function state(unitCode: string) {
  const checkIns = await db().checkIn.findMany({ where: { report: { unit: { code: unitCode } } }, orderBy: { id: "asc" } });
  return { checkIns: checkIns.map((c) => JSON.stringify(c)), audit: await db().auditEvent.count({ where: { action: { startsWith: "checkIn." } } }) };
}

/** Saves random rows for a month; rows refused for a missing explanation get one, others are dropped. */
async function fillMonth(random: () => number, reporter: Actor, month: number): Promise<number> {
  const view = await monthView(db(), reporter, { year: YEAR, month, now });
  let rows = view.rows.filter(() => random() < 0.7).map((r) => randomRow(random, r));
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await saveCheckIns(db(), reporter, { year: YEAR, month, rows }, { now });
    if (Object.keys(result.errors).length === 0) return result.saved;
    rows = rows.flatMap((r) => {
      const errors = result.errors[r.indicatorId];
      if (!errors) return [r];
      if (Object.keys(errors).every((f) => f === "deviationCause" || f === "correctiveAction")) return [{ ...r, deviationCause: pick(random, CAUSES), correctiveAction: pick(random, TEXTS) }];
      return [];
    });
  }
  throw new Error(`第 ${month} 月的随机填报三次都未能保存（种子 ${SEED}）`);
}

describe("the monthly template round trip", () => {
  it(`is the identity: ${MONTHS} months of random saved check-ins, downloaded and uploaded unchanged, change nothing (seed ${SEED})`, async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const random = rng(SEED);
    const months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].sort(() => random() - 0.5).slice(0, MONTHS).sort((a, b) => a - b);
    let saved = 0;
    for (const month of months) {
      saved += await fillMonth(random, reporter, month);
      const before = await state("309002");
      const template = await downloadMonthlyTemplate(db(), reporter, YEAR, month);
      const preview = await previewMonthlyTemplate(db(), reporter, YEAR, month, template.bytes);
      expect(preview.errors, `第 ${month} 月（种子 ${SEED}）`).toEqual([]);
      expect(preview.rows, `第 ${month} 月（种子 ${SEED}）`).toEqual([]);
      // The full read-back saved as it stands is no change either (what "确认导入" would send, row by row).
      const view = await monthView(db(), reporter, { year: YEAR, month, now });
      const read = await readMonthlyTemplate(template.bytes, view.rows.map((r) => ({ id: r.indicatorId, projectName: r.projectName, category: r.category, name: r.name, target: r.target, kind: r.kind, unit: r.unit, options: r.options })));
      expect(read.rows).toHaveLength(view.rows.length);
      const versions = new Map(view.rows.map((r) => [r.indicatorId, r.current?.version]));
      const result = await saveCheckIns(db(), reporter, { year: YEAR, month, rows: read.rows.map((r) => ({ ...r, row: undefined, version: versions.get(r.indicatorId) })) }, { now });
      expect(result, `第 ${month} 月（种子 ${SEED}）`).toEqual({ saved: 0, cleared: 0, errors: {}, conflicts: [] });
      expect(await state("309002")).toEqual(before);
    }
    expect(saved).toBeGreaterThan(MONTHS * 20);
  });
});
