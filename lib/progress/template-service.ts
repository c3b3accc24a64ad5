import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { saveCheckIns, type BatchResult } from "./check-ins";
import { monthView, type MonthView } from "./month-view";
import { buildMonthlyTemplate, readMonthlyTemplate, type TemplateIndicator } from "./template";

// The Excel round trip of a unit's month (issue "Progress" §5): download the template pre-filled
// with the unit's indicators and last values, upload it filled, preview with per-row errors, then
// save through the same saveCheckIns as the grid (one transaction, optimistic concurrency).

function templateIndicators(view: MonthView): TemplateIndicator[] {
  return view.rows.map((r) => {
    const last = r.current ? { asOfDate: view.asOfDate, actual: r.current.actual, forecast: r.current.forecast || undefined, likelihood: r.current.likelihood || undefined } : r.previous ? { asOfDate: r.previous.asOfDate, actual: r.previous.actual } : null;
    return { id: r.indicatorId, projectName: r.projectName, category: r.category, name: r.name, target: r.target, kind: r.kind, unit: r.unit, options: r.options, last };
  });
}

export async function downloadMonthlyTemplate(db: Db, actor: Actor, year: number, month: number, context: { ip?: string | null } = {}) {
  const view = await monthView(db, actor, { year, month });
  const unit = await db.unit.findUniqueOrThrow({ where: { id: actor.unitId! } });
  const bytes = await buildMonthlyTemplate({ unitCode: unit.code, unitName: unit.name, year: view.year, month: view.month, asOfDate: view.asOfDate }, templateIndicators(view));
  await db.$transaction((tx) => recordAudit(tx, { actor, ip: context.ip, action: "progress.template.download", objectType: "Unit", objectId: unit.id, after: { year: view.year, month: view.month, indicators: view.rows.length }, outcome: "SUCCESS" }));
  return { bytes, fileName: `${unit.name}_${view.year}年${view.month}月_绩效运行监控填报表.xlsx` };
}

export interface TemplatePreview {
  errors: { row: number | null; column: string | null; message: string }[];
  rows: { row: number; indicatorId: string; name: string; actual: string; forecast: string; likelihood: string; deviationCause: string; correctiveAction: string; note: string; version?: number; error?: string }[];
  validation: BatchResult;
}

/** Reads an uploaded template and checks every row as a save would, writing nothing. */
export async function previewMonthlyTemplate(db: Db, actor: Actor, year: number, month: number, bytes: Uint8Array): Promise<TemplatePreview> {
  const view = await monthView(db, actor, { year, month });
  const unit = await db.unit.findUniqueOrThrow({ where: { id: actor.unitId! } });
  const read = await readMonthlyTemplate(bytes, templateIndicators(view));
  const errors = [...read.errors];
  if (read.meta && (read.meta.unitCode !== unit.code || read.meta.year !== view.year || read.meta.month !== view.month)) {
    errors.unshift({ row: null, column: null, message: `这份模板是 ${read.meta.unitCode} ${read.meta.year} 年 ${read.meta.month} 月的，与当前的 ${unit.code} ${view.year} 年 ${view.month} 月不符。` });
  }
  const byId = new Map(view.rows.map((r) => [r.indicatorId, r]));
  const rows = read.rows
    .filter((r) => r.actual !== null)
    .map((r) => ({
      row: r.row,
      indicatorId: r.indicatorId,
      name: byId.get(r.indicatorId)?.name ?? "",
      actual: r.actual ?? "",
      forecast: r.forecast ?? "",
      likelihood: r.likelihood ?? "CERTAIN",
      deviationCause: r.deviationCause ?? "",
      correctiveAction: r.correctiveAction ?? "",
      note: r.note ?? "",
      version: byId.get(r.indicatorId)?.current?.version,
    }));
  if (errors.length > 0 || rows.length === 0) {
    if (rows.length === 0 && errors.length === 0) errors.push({ row: null, column: null, message: "模板中没有填写任何实际完成值。" });
    return { errors, rows, validation: { saved: 0, errors: {}, conflicts: [] } };
  }
  if (!view.editable) throw new AppError("CONFLICT", `${view.month} 月填报已提交或已审核，不能导入。`);
  const validation = await saveCheckIns(db, actor, { year: view.year, month: view.month, rows }, { dryRun: true });
  const withErrors = rows.map((r) => {
    const e = validation.errors[r.indicatorId];
    return e ? { ...r, error: Object.values(e).join("；") } : r;
  });
  return { errors, rows: withErrors, validation };
}
