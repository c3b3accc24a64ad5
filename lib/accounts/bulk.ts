import type { Db } from "@/lib/db/client";
import { authorize } from "@/lib/auth/policy";
import type { Role } from "@/lib/db/generated/enums";
import { hashPassword } from "@/lib/auth/password";
import { ROLE_LABELS, type Actor } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { cachedPolicy } from "@/lib/security/policy-store";
import { sniff } from "@/lib/targets/import/decode";
import type { Grid } from "@/lib/targets/import/grid";
import { NOT_A_WORKBOOK, readWorkbook } from "@/lib/targets/import/xlsx";
import { compliantPassword } from "./passwords";
import { BUSINESS_ROLES, isPrivileged, needsUnit } from "./rules";
import { displayNameSchema, usernameSchema } from "./schema";
import { insertUser } from "./write";

// Creating a unit's accounts from an .xlsx (姓名, 用户名, 角色, 单位): a preview that says what is wrong
// with each row, then all or nothing — one wrong row and nothing is written. The passwords are
// generated, one-time, and returned once for a printable sheet; nothing keeps them.

export const BULK_MAX_BYTES = 2 * 1024 * 1024;
export const BULK_MAX_ROWS = 500;

/** The columns, and the header words each is recognised by. */
const COLUMNS = {
  displayName: ["姓名", "名字"],
  username: ["用户名", "登录名", "账号", "账户"],
  role: ["角色"],
  place: ["单位", "所属单位", "单位名称", "单位代码", "部门"],
} as const;
type Column = keyof typeof COLUMNS;
const COLUMN_NAMES: Record<Column, string> = { displayName: "姓名", username: "用户名", role: "角色", place: "单位" };

/** Role names as people write them; the privileged ones are recognised only to refuse them by name. */
const ROLE_WORDS: Record<string, Role> = { 填报人: "REPORTER", 单位审核人: "REVIEWER", 审核人: "REVIEWER", 局领导: "LEADER", 领导: "LEADER", 系统管理员: "ADMIN", 安全管理员: "SECURITY_OFFICER", 审计管理员: "AUDITOR" };

export interface BulkRow {
  row: number;
  displayName: string;
  username: string;
  roleText: string;
  placeText: string;
  role: Role | null;
  /** The unit or department found, by name. */
  placeName: string | null;
  unitId: string | null;
  departmentId: string | null;
  errors: string[];
}

export interface BulkPlan {
  fileName: string;
  sheet: string | null;
  rows: BulkRow[];
  /** What is wrong with the file as a whole (no header, too many rows…). */
  problems: string[];
  ok: boolean;
}

export interface CreatedAccount {
  row: number;
  displayName: string;
  username: string;
  role: Role;
  placeName: string | null;
  password: string;
}

const compact = (text: string) => text.replace(/[\s\u3000]/g, "");

async function grids(bytes: Uint8Array): Promise<Grid[] | string> {
  if (bytes.byteLength === 0) return "文件为空。";
  // Checked before anything inflates the bytes: an oversized upload costs nothing.
  if (bytes.byteLength > BULK_MAX_BYTES) return `文件过大：上限为 2 MB，本文件约 ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB。`;
  const sniffed = sniff(bytes);
  if (sniffed.kind === "rejected") return `${sniffed.message.split("：")[0]}。请上传 .xlsx 工作簿。`;
  if (sniffed.kind === "text") return "这是文本文件（CSV 或纯文本），不是 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中“另存为” .xlsx 后上传。";
  try {
    return await readWorkbook(bytes);
  } catch (e) {
    return `${e instanceof Error && e.message.startsWith(NOT_A_WORKBOOK) ? e.message : NOT_A_WORKBOOK}。`;
  }
}

/** The first sheet with a header row naming all four columns (within its first 10 rows). */
function findTable(sheets: Grid[]): { grid: Grid; headerRow: number; columns: Record<Column, number> } | string {
  let best: { sheet: string | null; missing: Column[] } | null = null;
  for (const grid of sheets) {
    for (const row of grid.rows.filter((r) => r.row <= 10)) {
      const cells = row.cells.map(compact);
      const columns = Object.fromEntries((Object.keys(COLUMNS) as Column[]).map((c) => [c, cells.findIndex((cell) => (COLUMNS[c] as readonly string[]).includes(cell))])) as Record<Column, number>;
      const missing = (Object.keys(columns) as Column[]).filter((c) => columns[c] < 0);
      if (missing.length === 0) return { grid, headerRow: row.row, columns };
      if (missing.length < 4 && (!best || missing.length < best.missing.length)) best = { sheet: grid.sheet, missing };
    }
  }
  if (best) return `工作表“${best.sheet}”的表头缺少${best.missing.map((c) => `“${COLUMN_NAMES[c]}”`).join("、")}列：表头须含 姓名、用户名、角色、单位 四列。`;
  return "没有找到表头行：第一行应为 姓名、用户名、角色、单位 四列（可下载模板填写）。";
}

type Places = { units: { id: string; code: string; name: string; departmentId: string; departmentName: string }[]; departments: { id: string; code: string; name: string }[] };

/** The unit (unit roles) or department (局领导: a department, or a unit of it) a row names, by code or name. */
function resolvePlace(text: string, role: Role, places: Places): { unitId: string | null; departmentId: string; name: string } | string {
  const key = compact(text);
  if (!key) return needsUnit(role) ? `请填写单位（${ROLE_LABELS[role]}必须属于一个单位）` : "请填写所属部门或单位";
  const units = places.units.filter((u) => u.code === key || compact(u.name) === key || compact(`${u.code}${u.name}`) === key);
  const departments = places.departments.filter((d) => d.code === key || compact(d.name) === key || compact(`${d.code}${d.name}`) === key);
  if (needsUnit(role)) {
    if (units.length === 1) return { unitId: units[0]!.id, departmentId: units[0]!.departmentId, name: units[0]!.name };
    if (units.length > 1) return `单位“${text}”对应 ${units.length} 个单位，请填写单位代码`;
    return departments.length > 0 ? `“${text}”是部门，${ROLE_LABELS[role]}须填写具体单位` : `单位“${text}”不存在`;
  }
  if (departments.length === 1) return { unitId: null, departmentId: departments[0]!.id, name: departments[0]!.name };
  const ofUnits = [...new Map(units.map((u) => [u.departmentId, u])).values()];
  if (departments.length === 0 && ofUnits.length === 1) return { unitId: null, departmentId: ofUnits[0]!.departmentId, name: ofUnits[0]!.departmentName };
  if (departments.length + ofUnits.length > 1) return `“${text}”对应多个部门或单位，请填写代码`;
  return `部门或单位“${text}”不存在`;
}

function resolveRole(text: string): { role: Role } | { error: string } {
  const key = compact(text);
  if (!key) return { error: "请填写角色" };
  const role = ROLE_WORDS[key];
  if (!role) return { error: `角色“${text}”不存在，应为 填报人、单位审核人 或 局领导` };
  if (isPrivileged(role)) return { error: `不能批量创建${ROLE_LABELS[role]}：系统管理员只能创建填报人、单位审核人、局领导账户，${ROLE_LABELS[role]}角色由安全管理员授予` };
  return { role };
}

/** Reads and checks the file: every row with what is wrong with it. Writes nothing. */
export async function planAccounts(db: Db, actor: Actor, bytes: Uint8Array, fileName: string): Promise<BulkPlan> {
  authorize(actor, "account.bulkCreate");
  const plan: BulkPlan = { fileName, sheet: null, rows: [], problems: [], ok: false };
  const sheets = await grids(bytes);
  if (typeof sheets === "string") return { ...plan, problems: [sheets] };
  const table = findTable(sheets);
  if (typeof table === "string") return { ...plan, problems: [table] };
  plan.sheet = table.grid.sheet;
  const cell = (cells: string[], c: Column) => (cells[table.columns[c]] ?? "").trim();
  const body = table.grid.rows.filter((r) => r.row > table.headerRow && (Object.keys(COLUMNS) as Column[]).some((c) => cell(r.cells, c) !== ""));
  if (body.length === 0) return { ...plan, problems: ["表头下面没有账户：请每行填写一个人的姓名、用户名、角色和单位。"] };
  if (body.length > BULK_MAX_ROWS) return { ...plan, problems: [`文件中有 ${body.length} 行账户，一次最多 ${BULK_MAX_ROWS} 行，请分成几个文件导入。`] };

  const [units, departments, taken] = await Promise.all([
    db.unit.findMany({ select: { id: true, code: true, name: true, departmentId: true, department: { select: { name: true } } } }),
    db.department.findMany({ select: { id: true, code: true, name: true } }),
    db.user.findMany({ where: { OR: body.map((r) => ({ username: { equals: cell(r.cells, "username"), mode: "insensitive" as const } })) }, select: { username: true, displayName: true } }),
  ]);
  const places: Places = { units: units.map((u) => ({ ...u, departmentName: u.department.name })), departments };
  const existing = new Map(taken.map((u) => [u.username.toLowerCase(), u.displayName]));
  const seen = new Map<string, number>();
  for (const r of body) {
    const row: BulkRow = { row: r.row, displayName: cell(r.cells, "displayName"), username: cell(r.cells, "username"), roleText: cell(r.cells, "role"), placeText: cell(r.cells, "place"), role: null, placeName: null, unitId: null, departmentId: null, errors: [] };
    const name = displayNameSchema.safeParse(row.displayName);
    if (!name.success) row.errors.push(name.error.issues[0]!.message);
    const username = usernameSchema.safeParse(row.username);
    if (!username.success) row.errors.push(username.error.issues[0]!.message);
    else {
      const lower = row.username.toLowerCase();
      if (existing.has(lower)) row.errors.push(`用户名“${row.username}”已被“${existing.get(lower)}”使用`);
      else if (seen.has(lower)) row.errors.push(`用户名“${row.username}”与第 ${seen.get(lower)} 行重复`);
      else seen.set(lower, row.row);
    }
    const role = resolveRole(row.roleText);
    if ("error" in role) row.errors.push(role.error);
    else {
      row.role = role.role;
      const place = resolvePlace(row.placeText, role.role, places);
      if (typeof place === "string") row.errors.push(place);
      else Object.assign(row, { unitId: place.unitId, departmentId: place.departmentId, placeName: place.name });
    }
    plan.rows.push(row);
  }
  plan.ok = plan.rows.every((r) => r.errors.length === 0);
  return plan;
}

/**
 * Creates every account of the file in one transaction, or none: the file is checked again (the
 * preview may be stale), and any wrong row — or a user name taken meanwhile — writes nothing.
 */
export async function importAccounts(db: Db, actor: Actor, bytes: Uint8Array, fileName: string, context: { ip?: string | null } = {}): Promise<{ plan: BulkPlan; created: CreatedAccount[] }> {
  const plan = await planAccounts(db, actor, bytes, fileName);
  if (!plan.ok) return { plan, created: [] };
  const policy = await cachedPolicy(db);
  const ready: (CreatedAccount & { passwordHash: string; unitId: string | null; departmentId: string | null })[] = [];
  for (const r of plan.rows) {
    if (!r.role || !BUSINESS_ROLES.includes(r.role)) throw new Error("a checked row without a business role");
    const password = compliantPassword(policy, r);
    ready.push({ row: r.row, displayName: r.displayName, username: r.username, role: r.role, placeName: r.placeName, unitId: r.unitId, departmentId: r.departmentId, password, passwordHash: await hashPassword(password) });
  }
  try {
    await db.$transaction(
      async (tx) => {
        for (const a of ready) await insertUser(tx, actor, { ...a, oneTime: true }, { ip: context.ip, detail: `批量创建：${fileName.slice(0, 100)} 第 ${a.row} 行` });
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    if ((error as { code?: string } | null)?.code === "P2002") throw new AppError("CONFLICT", "文件中的某个用户名刚被其他账户占用，未创建任何账户；请重新预览。");
    throw error;
  }
  return { plan, created: ready.map((a) => ({ row: a.row, displayName: a.displayName, username: a.username, role: a.role, placeName: a.placeName, password: a.password })) };
}
