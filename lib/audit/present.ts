import type { Db } from "@/lib/db/client";
import { MAPPED_LABELS, type MappedColumn } from "@/lib/targets/import/mapping";
import { canonicalJson } from "./chain";
import { EVENT_GROUPS, EVENTS, eventLabel, FIELDS, fieldLabel, isAuditAction, OUTCOME_LABELS, VALUES, objectTypeLabel, type EventGroup } from "./catalogue";

// A record as the auditor reads it: the event, the object and every before/after value in Chinese,
// objects by name (their id kept for hover and copy), the before/after as one row per field with the
// changed ones marked. The screen and the .xlsx export both show this, so they say the same words.

export interface AuditRecord {
  id: bigint | string;
  occurredAt: Date;
  username: string | null;
  ip: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
  outcome: "SUCCESS" | "DENIED" | "FAILURE";
  detail: string | null;
}

export interface FieldChange {
  key: string;
  label: string;
  /** null: the field is not on that side (a record of a creation has no before). */
  before: string | null;
  after: string | null;
  /** Both sides were recorded and differ. */
  changed: boolean;
}

export interface PresentedRecord {
  id: string;
  occurredAt: Date;
  username: string | null;
  ip: string | null;
  action: string;
  event: string;
  group: string | null;
  outcome: AuditRecord["outcome"];
  outcomeLabel: string;
  object: { type: string; name: string; id: string | null } | null;
  detail: string | null;
  /** One row per field of before/after, in the order written; empty when neither was recorded. */
  changes: FieldChange[];
  hasBefore: boolean;
  hasAfter: boolean;
}

/** Ids inside before/after that name another record, by field. */
const ID_FIELDS: Record<string, string> = { unitId: "Unit", departmentId: "Department", projectId: "Project", checkInId: "CheckIn", expenditureId: "Expenditure", reversalId: "Expenditure" };

/** Names of records by type and id: a few queries per page, one per type present. */
export type Names = Map<string, string>;
const nameKey = (type: string, id: string) => `${type}:${id}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const yuan = (value: { toFixed(n: number): string }) => `${value.toFixed(2)} 元`;

export async function resolveNames(db: Db, records: readonly AuditRecord[]): Promise<Names> {
  const wanted = new Map<string, Set<string>>();
  const want = (type: string | null, id: unknown) => {
    if (!type || typeof id !== "string" || !UUID.test(id)) return;
    if (!wanted.has(type)) wanted.set(type, new Set());
    wanted.get(type)!.add(id.toLowerCase());
  };
  for (const r of records) {
    want(r.objectType, r.objectId);
    for (const side of [r.before, r.after]) if (side && typeof side === "object" && !Array.isArray(side)) for (const [k, v] of Object.entries(side)) if (ID_FIELDS[k]) want(ID_FIELDS[k], v);
  }
  const ids = (type: string) => [...(wanted.get(type) ?? [])];
  const names: Names = new Map();
  const put = (type: string, rows: { id: string; name: string }[]) => rows.forEach((r) => names.set(nameKey(type, r.id), r.name));
  const month = (d: Date) => d.toISOString().slice(0, 10);
  await Promise.all([
    wanted.has("User") && db.user.findMany({ where: { id: { in: ids("User") } }, select: { id: true, displayName: true, username: true } }).then((rows) => put("User", rows.map((u) => ({ id: u.id, name: `${u.displayName}（${u.username}）` })))),
    wanted.has("Unit") && db.unit.findMany({ where: { id: { in: ids("Unit") } }, select: { id: true, name: true } }).then((rows) => put("Unit", rows)),
    wanted.has("Department") && db.department.findMany({ where: { id: { in: ids("Department") } }, select: { id: true, name: true } }).then((rows) => put("Department", rows)),
    wanted.has("Project") && db.project.findMany({ where: { id: { in: ids("Project") } }, select: { id: true, name: true } }).then((rows) => put("Project", rows)),
    wanted.has("FiscalYear") && db.fiscalYear.findMany({ where: { id: { in: ids("FiscalYear") } }, select: { id: true, year: true, department: { select: { name: true } } } }).then((rows) => put("FiscalYear", rows.map((y) => ({ id: y.id, name: `${y.department.name} ${y.year} 年度` })))),
    wanted.has("Indicator") && db.indicator.findMany({ where: { id: { in: ids("Indicator") } }, select: { id: true, name: true, project: { select: { name: true } } } }).then((rows) => put("Indicator", rows.map((i) => ({ id: i.id, name: `${i.name}（${i.project.name}）` })))),
    wanted.has("CheckIn") && db.checkIn.findMany({ where: { id: { in: ids("CheckIn") } }, select: { id: true, asOfDate: true, indicator: { select: { name: true } } } }).then((rows) => put("CheckIn", rows.map((c) => ({ id: c.id, name: `${c.indicator.name} · ${month(c.asOfDate)}` })))),
    wanted.has("MonthlyReport") && db.monthlyReport.findMany({ where: { id: { in: ids("MonthlyReport") } }, select: { id: true, month: true, unit: { select: { name: true } }, fiscalYear: { select: { year: true } } } }).then((rows) => put("MonthlyReport", rows.map((m) => ({ id: m.id, name: `${m.unit.name} ${m.fiscalYear.year} 年 ${m.month} 月` })))),
    wanted.has("Evidence") && db.evidence.findMany({ where: { id: { in: ids("Evidence") } }, select: { id: true, fileName: true } }).then((rows) => put("Evidence", rows.map((e) => ({ id: e.id, name: e.fileName })))),
    wanted.has("Expenditure") && db.expenditure.findMany({ where: { id: { in: ids("Expenditure") } }, select: { id: true, date: true, amount: true, project: { select: { name: true } } } }).then((rows) => put("Expenditure", rows.map((e) => ({ id: e.id, name: `${e.project.name} · ${month(e.date)} · ${yuan(e.amount)}` })))),
    wanted.has("BudgetAdjustment") && db.budgetAdjustment.findMany({ where: { id: { in: ids("BudgetAdjustment") } }, select: { id: true, date: true, amount: true, project: { select: { name: true } } } }).then((rows) => put("BudgetAdjustment", rows.map((a) => ({ id: a.id, name: `${a.project.name} · ${month(a.date)} · ${yuan(a.amount)}` })))),
    wanted.has("SelfEvaluation") && db.selfEvaluation.findMany({ where: { id: { in: ids("SelfEvaluation") } }, select: { id: true, project: { select: { name: true } } } }).then((rows) => put("SelfEvaluation", rows.map((s) => ({ id: s.id, name: `${s.project.name}的绩效自评` })))),
  ]);
  return names;
}

/** Objects that have no row to look up: named by their id. */
const FIXED_NAMES: Record<string, string> = { "Setting:security.policy": "登录与密码策略", "Route:server-action": "页面操作（Server Action）" };

function objectOf(r: AuditRecord, names: Names): PresentedRecord["object"] {
  if (!r.objectType) return null;
  const id = r.objectId;
  const name = id ? (names.get(nameKey(r.objectType, id.toLowerCase())) ?? FIXED_NAMES[`${r.objectType}:${id}`] ?? (UUID.test(id) ? "（已不存在的记录）" : id)) : "";
  return { type: objectTypeLabel(r.objectType), name, id };
}

const SHAPES: Record<string, string> = { tab: "制表符", comma: "逗号", pipe: "竖线", spaces: "空格" };

/** A target import's column mapping in words: which column, label or typed value gave each field. */
function describeMapping(value: Record<string, unknown>): string {
  const label = (k: string) => MAPPED_LABELS[k as MappedColumn] ?? k;
  const list = (record: unknown, how: (v: unknown) => string) =>
    record && typeof record === "object" ? Object.entries(record).map(([k, v]) => `${label(k)}${how(v)}`).join("、") : "";
  const lines = [
    value.sheet ? `工作表：${String(value.sheet)}` : "",
    value.shape ? `分隔方式：${SHAPES[String(value.shape)] ?? String(value.shape)}` : "",
    value.headerRow ? `表头在第 ${String(value.headerRow)} 行` : "",
    list(value.columns, (v) => `←列“${String(v)}”`),
    list(value.labels, (v) => `←标签“${String(v)}”`),
    list(value.values, (v) => `＝“${String(v)}”`),
  ];
  return lines.filter(Boolean).join("\n") || "（空）";
}

/** A value of before/after as the auditor reads it. */
export function formatValue(key: string, value: unknown, names: Names): string {
  if (value === null || value === undefined || value === "") return "（空）";
  if (key === "mapping" && typeof value === "object" && !Array.isArray(value)) return describeMapping(value as Record<string, unknown>);
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "string") {
    if (ID_FIELDS[key] && UUID.test(value)) return names.get(nameKey(ID_FIELDS[key], value.toLowerCase())) ?? value;
    if (key === "action") return isAuditAction(value) ? eventLabel(value) : value.startsWith("group:") ? `${EVENT_GROUPS[value.slice(6) as EventGroup] ?? value}（全部）` : value;
    return VALUES[key]?.[value] ?? value;
  }
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "（无）" : value.map((v) => formatValue(key, v, names)).join(typeof value[0] === "object" ? "\n" : "、");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${fieldLabel(k)}：${formatValue(k, v, names)}`).join("，");
  return String(value);
}

const ORDER = new Map(Object.keys(FIELDS).map((k, i) => [k, i]));
const fieldOrder = (key: string) => ORDER.get(key) ?? ORDER.size;

const entries = (side: unknown): [string, unknown][] => (side && typeof side === "object" && !Array.isArray(side) ? Object.entries(side) : side === null || side === undefined ? [] : [["value", side]]);

export function present(r: AuditRecord, names: Names): PresentedRecord {
  const hasBefore = r.before !== null && r.before !== undefined;
  const hasAfter = r.after !== null && r.after !== undefined;
  const before = new Map(entries(r.before));
  const after = new Map(entries(r.after));
  // In the catalogue's order (PostgreSQL's JSONB keeps its own): related fields stay together.
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => fieldOrder(a) - fieldOrder(b));
  const changes = keys.map((key) => ({
    key,
    label: fieldLabel(key),
    before: before.has(key) ? formatValue(key, before.get(key), names) : null,
    after: after.has(key) ? formatValue(key, after.get(key), names) : null,
    changed: hasBefore && hasAfter && canonicalJson(before.get(key) ?? null) !== canonicalJson(after.get(key) ?? null),
  }));
  return {
    id: r.id.toString(),
    occurredAt: r.occurredAt,
    username: r.username,
    ip: r.ip,
    action: r.action,
    event: eventLabel(r.action),
    group: isAuditAction(r.action) ? EVENT_GROUPS[EVENTS[r.action].group as EventGroup] : null,
    outcome: r.outcome,
    outcomeLabel: OUTCOME_LABELS[r.outcome],
    object: objectOf(r, names),
    detail: r.detail,
    changes,
    hasBefore,
    hasAfter,
  };
}

/** Records presented, their names resolved in a few queries. */
export async function presentAll(db: Db, records: readonly AuditRecord[]): Promise<PresentedRecord[]> {
  const names = await resolveNames(db, records);
  return records.map((r) => present(r, names));
}
