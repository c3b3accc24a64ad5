import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { CHECK_IN_FIELDS, type CheckInField } from "./check-in-schema";
import { saveCheckIns, type BatchResult } from "./check-ins";
import { monthView, type MonthRow, type MonthView } from "./month-view";
import { buildMonthlyTemplate, readMonthlyTemplate, type TemplateIndicator, type TemplateRow } from "./template";

// The Excel round trip of a unit's month: download the template holding every saved field of the
// month, upload it, preview what would change with per-row errors, then save through the same
// saveCheckIns as the grid (one transaction, optimistic concurrency). The template carries the whole
// month, so the round trip is the identity: uploaded unchanged, it changes nothing; an emptied cell
// clears that field; a row removed or added is refused with its row number.

function templateIndicators(view: MonthView): TemplateIndicator[] {
  return view.rows.map((r) => ({
    id: r.indicatorId,
    projectName: r.projectName,
    category: r.category,
    name: r.name,
    target: r.target,
    kind: r.kind,
    unit: r.unit,
    options: r.options,
    hint: r.hint,
    last: r.previous,
    saved: r.current,
  }));
}

export async function downloadMonthlyTemplate(db: Db, actor: Actor, year: number, month: number, context: { ip?: string | null } = {}) {
  const view = await monthView(db, actor, { year, month });
  const unit = await db.unit.findUniqueOrThrow({ where: { id: actor.unitId! } });
  const bytes = await buildMonthlyTemplate({ unitCode: unit.code, unitName: unit.name, year: view.year, month: view.month, asOfDate: view.asOfDate }, templateIndicators(view));
  await db.$transaction((tx) => recordAudit(tx, { actor, ip: context.ip, action: "progress.template.download", objectType: "Unit", objectId: unit.id, after: { year: view.year, month: view.month, indicators: view.rows.length }, outcome: "SUCCESS" }));
  return { bytes, fileName: `${unit.name}_${view.year}年${view.month}月_绩效运行监控填报表.xlsx` };
}

export type TemplateChange = "新增" | "修改" | "清空";

export interface TemplatePreview {
  errors: { row: number | null; column: string | null; message: string }[];
  /** The rows that change something, each a complete row for saveCheckIns (null clears a field). */
  rows: ({ row: number; indicatorId: string; name: string; change: TemplateChange; version?: number; error?: string } & { [K in CheckInField]: string | null })[];
  validation: BatchResult;
}

const sameAsSaved = (r: TemplateRow, saved: MonthRow["current"]) => CHECK_IN_FIELDS.every((f) => (r[f] ?? "") === (saved?.[f] ?? ""));

/** Reads an uploaded template and checks every changed row as a save would, writing nothing. */
export async function previewMonthlyTemplate(db: Db, actor: Actor, year: number, month: number, bytes: Uint8Array): Promise<TemplatePreview> {
  const view = await monthView(db, actor, { year, month });
  const unit = await db.unit.findUniqueOrThrow({ where: { id: actor.unitId! } });
  const read = await readMonthlyTemplate(bytes, templateIndicators(view));
  const errors = [...read.errors];
  if (read.meta && (read.meta.unitCode !== unit.code || read.meta.year !== view.year || read.meta.month !== view.month)) {
    errors.unshift({ row: null, column: null, message: `这份模板是 ${read.meta.unitCode} ${read.meta.year} 年 ${read.meta.month} 月的，与当前的 ${unit.code} ${view.year} 年 ${view.month} 月不符，未导入任何内容。请下载 ${view.month} 月的模板填写。` });
  }
  const byId = new Map(view.rows.map((r) => [r.indicatorId, r]));
  const none: BatchResult = { saved: 0, cleared: 0, errors: {}, conflicts: [] };
  const rows: TemplatePreview["rows"] = read.rows.flatMap((r) => {
    const saved = byId.get(r.indicatorId)?.current ?? null;
    if (sameAsSaved(r, saved)) return [];
    const empty = CHECK_IN_FIELDS.every((f) => r[f] === null);
    const change: TemplateChange = !saved ? "新增" : empty ? "清空" : "修改";
    const values = Object.fromEntries(CHECK_IN_FIELDS.map((f) => [f, r[f]])) as { [K in CheckInField]: string | null };
    return [{ row: r.row, indicatorId: r.indicatorId, name: byId.get(r.indicatorId)?.name ?? "", change, ...values, ...(saved ? { version: saved.version } : {}) }];
  });
  if (errors.length > 0 || rows.length === 0) return { errors, rows, validation: none };
  if (!view.editable) throw new AppError("CONFLICT", `${view.month} 月填报已提交或已审核，不能导入。`);
  const validation = await saveCheckIns(db, actor, { year: view.year, month: view.month, rows }, { dryRun: true });
  const withErrors = rows.map((r) => {
    const e = validation.errors[r.indicatorId];
    return e ? { ...r, error: Object.values(e).join("；") } : r;
  });
  return { errors, rows: withErrors, validation };
}
