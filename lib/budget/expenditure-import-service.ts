import { todayInChina } from "@/lib/calendar";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorizedUnit } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import { formatWan, fromScaled, toScaled } from "@/lib/money";
import { EXPENDITURE_FIELDS, findDuplicates, guessMapping, mapRows, normaliseExpenditure, readExpenditureSheet, type ColumnMapping, type ExpenditureField, type ExpenditureRow } from "./expenditure-import";
import { isUuid } from "@/lib/ids";

// Importing a month of payments from a finance-system export: map the
// columns once (remembered per unit), preview every row with its problems and duplicates, let the
// reporter fix rows in the preview, then write all of them in one transaction or none.

const mappingKey = (unitId: string) => `expenditureImport.mapping.${unitId}`;

async function ownProject(db: Db, actor: Actor, projectId: string) {
  const unitId = authorizedUnit(actor, "expenditure.import");
  const project = isUuid(projectId) ? await db.project.findFirst({ where: { id: projectId, unitId }, include: { fiscalYear: true } }) : null;
  if (!project) throw notFound("项目");
  return project;
}

export interface ExpenditurePreview {
  headers: string[];
  mapping: ColumnMapping;
  rows: ExpenditureRow[];
  problems: { severity: "error" | "warning"; location: string; message: string }[];
}

/** Reads the file and maps its columns (the unit's remembered mapping first); writes nothing. */
export async function previewExpenditureFile(db: Db, actor: Actor, projectId: string, bytes: Uint8Array, mapping?: ColumnMapping): Promise<ExpenditurePreview> {
  const project = await ownProject(db, actor, projectId);
  const sheet = await readExpenditureSheet(bytes);
  const remembered = (await db.setting.findUnique({ where: { key: mappingKey(project.unitId) } }))?.value as ColumnMapping | undefined;
  const used = mapping && Object.keys(mapping).length > 0 ? mapping : guessMapping(sheet.headers, remembered ?? undefined);
  const problems = [...sheet.problems];
  for (const field of ["date", "amount"] as const) {
    if (!used[field] && sheet.headers.length > 0) problems.push({ severity: "error", location: "表头", message: `没有找到“${field === "date" ? "日期" : "金额"}”列，请在下方选择对应的列。` });
  }
  return { headers: sheet.headers, mapping: used, rows: mapRows(sheet, used), problems };
}

export interface ImportOutcome {
  saved: number;
  errors: Record<number, Partial<Record<ExpenditureField | "duplicate", string>>>;
  needsConfirmation?: string[];
}

/** Validates the (possibly corrected) rows and writes them all in one transaction, or nothing. */
export async function importExpenditures(
  db: Db,
  actor: Actor,
  projectId: string,
  input: { rows: ExpenditureRow[]; mapping?: ColumnMapping; confirmed?: boolean },
  context: { ip?: string | null; now?: Date } = {},
): Promise<ImportOutcome> {
  const project = await ownProject(db, actor, projectId);
  if (!Array.isArray(input.rows) || input.rows.length === 0) throw new AppError("VALIDATION", "没有要导入的支出。");
  if (input.rows.length > 5000) throw new AppError("VALIDATION", "一次最多导入 5000 笔支出。");
  if (input.rows.some((r) => typeof r !== "object" || r === null)) throw new AppError("VALIDATION", "支出行格式有误，请重新读取文件。");
  const today = todayInChina(context.now ?? new Date());
  const errors: ImportOutcome["errors"] = {};
  const values = input.rows.map((raw) => {
    const clean = Object.fromEntries(EXPENDITURE_FIELDS.map((f) => [f, String(raw[f] ?? "").slice(0, 1000)])) as Omit<ExpenditureRow, "row">;
    const { value, errors: rowErrors } = normaliseExpenditure(clean, { fiscalYear: project.fiscalYear.year, today });
    if (Object.keys(rowErrors).length > 0) errors[raw.row] = rowErrors;
    return { row: raw.row, value };
  });
  const existing = await db.expenditure.findMany({ where: { projectId, voucherNo: { not: null } }, select: { voucherNo: true, amount: true } });
  const duplicates = findDuplicates(
    values.filter((v) => v.value).map((v) => ({ key: v.row, voucherNo: v.value!.voucherNo, amount: v.value!.amount })),
    existing.map((e) => ({ voucherNo: e.voucherNo, amount: e.amount.toFixed(2) })),
  );
  for (const [row, message] of duplicates) errors[row] = { ...errors[row], duplicate: message };
  if (Object.keys(errors).length > 0) return { saved: 0, errors };

  const [spent, adjusted] = await Promise.all([
    db.expenditure.aggregate({ where: { projectId }, _sum: { amount: true } }),
    db.budgetAdjustment.aggregate({ where: { projectId }, _sum: { amount: true } }),
  ]);
  const adjustedBudget = toScaled(project.budget.toFixed(2), 2) + toScaled(adjusted._sum.amount?.toFixed(2) ?? "0", 2);
  const adding = values.reduce((sum, v) => sum + toScaled(v.value!.amount, 2), 0n);
  const after = toScaled(spent._sum.amount?.toFixed(2) ?? "0", 2) + adding;
  if (after > adjustedBudget && !input.confirmed) {
    return { saved: 0, errors: {}, needsConfirmation: [`导入后累计支出 ${formatWan(fromScaled(after, 2))} 万元，超过调整后预算 ${formatWan(fromScaled(adjustedBudget, 2))} 万元；超预算支出将被标记。`] };
  }
  return db.$transaction(async (tx) => {
    await tx.expenditure.createMany({
      data: values.map(({ value }) => ({
        projectId,
        date: new Date(`${value!.date}T00:00:00Z`),
        amount: value!.amount,
        payee: value!.payee,
        description: value!.description,
        voucherNo: value!.voucherNo || null,
        economicClass: value!.economicClass || null,
        createdById: actor.id,
      })),
    });
    if (input.mapping && Object.keys(input.mapping).length > 0) {
      const key = mappingKey(project.unitId);
      await tx.setting.upsert({ where: { key }, create: { key, value: input.mapping }, update: { value: input.mapping } });
    }
    await recordAudit(tx, {
      actor,
      ip: context.ip,
      action: "expenditure.import",
      objectType: "Project",
      objectId: projectId,
      after: { count: values.length, total: fromScaled(adding, 2), overspent: after > adjustedBudget, rows: values.map(({ row, value }) => ({ row, date: value!.date, amount: value!.amount, voucherNo: value!.voucherNo })) },
      outcome: "SUCCESS",
    });
    return { saved: values.length, errors: {} };
  });
}
