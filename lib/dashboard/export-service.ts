import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit, type AuditInput } from "@/lib/audit/record";
import { budgetWorkbook } from "@/lib/budget/export-xlsx";
import { budgetOverview } from "@/lib/budget/queries";
import { AppError } from "@/lib/errors";
import { includeDrafts } from "@/lib/progress/reviewed";
import { overviewWorkbook } from "./export-xlsx";
import { departmentOverview, unitOverview } from "./queries";

// Leadership's pages as files: the overview, a unit page and the budget page, each read exactly as the
// page reads it (same functions, same scope checks, same data basis: ?drafts as on the page) and
// audited as an export with its date.

type Options = { asOf?: string; departmentId?: string; drafts?: string | null; year?: number };
type Context = { ip?: string | null };
export interface ExportFile { bytes: Uint8Array; fileName: string }

async function audited(db: Db, entry: AuditInput, file: ExportFile): Promise<ExportFile> {
  await db.$transaction((tx) => recordAudit(tx, { ...entry, after: { ...(entry.after as object), fileName: file.fileName }, outcome: "SUCCESS" }));
  return file;
}

export async function exportOverview(db: Db, actor: Actor, options: Options, context: Context = {}): Promise<ExportFile> {
  const o = await departmentOverview(db, actor, { asOf: options.asOf, departmentId: options.departmentId, year: options.year, drafts: includeDrafts(actor, options.drafts) });
  if (!o) throw new AppError("NOT_FOUND", "没有可导出的项目。");
  const file = { bytes: await overviewWorkbook(o, null), fileName: `${o.department.name}绩效运行总览（截至${o.asOf}）.xlsx` };
  return audited(db, { actor, ip: context.ip, action: "overview.export", objectType: "Department", objectId: o.department.id, after: { asOf: o.asOf, drafts: o.basis.drafts } , outcome: "SUCCESS" }, file);
}

export async function exportUnitOverview(db: Db, actor: Actor, unitId: string, options: Options, context: Context = {}): Promise<ExportFile> {
  const o = await unitOverview(db, actor, unitId, { asOf: options.asOf, year: options.year, drafts: includeDrafts(actor, options.drafts) });
  const file = { bytes: await overviewWorkbook(o, `${o.unit.code} ${o.unit.name}`), fileName: `${o.unit.name}绩效运行情况（截至${o.asOf}）.xlsx` };
  return audited(db, { actor, ip: context.ip, action: "unitOverview.export", objectType: "Unit", objectId: o.unit.id, after: { asOf: o.asOf, drafts: o.basis.drafts }, outcome: "SUCCESS" }, file);
}

export async function exportBudget(db: Db, actor: Actor, options: Options, context: Context = {}): Promise<ExportFile> {
  const o = await budgetOverview(db, actor, { asOf: options.asOf, departmentId: options.departmentId, year: options.year });
  if (!o.department || !o.total) throw new AppError("NOT_FOUND", "没有可导出的项目。");
  const file = { bytes: await budgetWorkbook(o), fileName: `${o.department.name}预算执行（截至${o.asOf}）.xlsx` };
  return audited(db, { actor, ip: context.ip, action: "budget.export", objectType: "Department", objectId: o.department.id, after: { asOf: o.asOf }, outcome: "SUCCESS" }, file);
}
