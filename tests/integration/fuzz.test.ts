import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import ExcelJS from "exceljs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { PENDING_REFUSAL } from "@/app/session";
import { PEER_HEADER, peerStamp } from "@/app/http/same-origin";
import type { Db } from "@/lib/db/client";
import { SEED_FILE } from "@/lib/db/seed";
import { evaluationView } from "@/lib/evaluation/service";
import { DEFAULT_POLICY } from "@/lib/security/password-policy";
import { CATEGORY_NAMES, COMPARATORS } from "@/lib/targets/codes";
import { proxy } from "@/proxy";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { changedTables, checkpoint, recordsRefusal, sinceCheckpoint, tableState, type TableState } from "../support/fuzz-db";
import { buildRequest, file, headerValue, ORIGIN, PEER_ADDRESS, type Body, type RequestSpec } from "../support/fuzz-http";
import { caseSeed, Fuzz, type IdPool } from "../support/fuzz-payloads";
import { crowdedWorkbook, lyingWorkbook } from "../support/zip-bomb";
import { buildWorld, evaluationForm, ROLES, validRow, YEAR, type World } from "../support/fuzz-world";

// No input crashes or leaks: a fuzzer posts random and hostile payloads — wrong types, 100k-character strings, SQL and
// script fragments, unicode edge cases (lone surrogates, NUL, RTL marks), numbers past the columns'
// precision, unknown ids and the other unit's real ids — to every Server Action (every exported
// function of every app/**/actions.ts) and every Route Handler (every exported method of every
// app/api/**/route.ts but next-auth's), as each role, signed out, and with a pending password change;
// Route Handlers also get missing, "null" and foreign Origins, lying lengths and garbage bodies.
// Phase 2 ("deep") repeats, for every caller that was allowed to write somewhere, payloads made from
// the unit's real, valid records with one or two fields spoilt. For every request:
//   (i)   no 5xx and no unexpected error: a Server Action answers { ok: false, message } with a specific
//         message (never throws, never the generic "操作失败，请稍后重试。"), nothing is logged with
//         console.error; a Route Handler answers < 500 with a JSON message;
//   (ii)  nothing changed unless the request was allowed: when a request left no SUCCESS record on the
//         audit trail (every write is audited in its own transaction), every business and account table
//         must have the same rows — row count and the sum of the rows' xmin per request, an md5 of every
//         row per batch (one entry point × one caller);
//   (iii) every FORBIDDEN or NOT_FOUND refusal of a signed-in actor (NOT_FOUND is how lib/ answers
//         another unit's real id) left a DENIED/FAILURE or access.denied record.
//   (iv)  every audit record a request leaves carries the caller's address — the TCP peer's, never a
//         forged X-Forwarded-For (no proxy is trusted here) — and, for a signed-in caller, the user name;
//   (v)   a caller with a pending password change or two-factor enrolment is refused and recorded;
//   (vi)  a lying or crowded .xlsx (zip bomb) is refused within a second wherever a workbook is read.
// Route Handlers' own cross-site refusals come after proxy.ts's (recorded there): counted, not audited.
// proxy.ts itself is fuzzed too — methods, paths, Origins, forged headers, session cookies valid,
// stale, revoked, past the absolute limit, forged or garbage — and must never answer 5xx, never renew
// a token that no longer holds, record every cross-site refusal with the peer's address, and leave
// Route Handlers' own Content-Security-Policy alone.
//
// Replay: FUZZ_SEED=<n> reruns the same payloads (each failure prints its case seed); FUZZ_N=<n>
// changes the requests per entry point and caller.

const state = vi.hoisted(() => ({ actor: null as Actor | null, db: null as (() => Db) | null, forbidden: [] as string[], headers: null as Headers | null }));
// The real app/session.ts runs (its refusals of pending accounts are under test); only next-auth's
// cookie lookup is stood in for.
vi.mock("@/app/session-cookie", () => ({ sessionCookieActor: async () => state.actor ?? null }));
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => state.db!() }));
// A Route Handler's headers() are its request's (with proxy.ts's x-pathname); a Server Action's come
// from this peer, beside an X-Forwarded-For of the client's own forging.
const ACTION_PEER = "192.0.2.44";
vi.mock("next/headers", async () => {
  const { peerStamp } = await import("@/app/http/same-origin");
  return { headers: async () => state.headers ?? new Headers({ "x-jixiao-peer": peerStamp("192.0.2.44"), "x-forwarded-for": "6.6.6.6", "x-pathname": "/fuzz" }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
// Every FORBIDDEN lib/ raises goes through forbidden(): note its message, to know a refusal was one.
vi.mock("@/lib/errors", async (importOriginal) => {
  const errors = await importOriginal<typeof import("@/lib/errors")>();
  return {
    ...errors,
    forbidden: (message?: string) => {
      const error = errors.forbidden(message);
      state.forbidden.push(error.message);
      return error;
    },
  };
});

const dir = mkdtempSync(path.join(tmpdir(), "jixiao-fuzz-"));
process.env.EVIDENCE_DIR = dir;
const SECRET = "fuzz-secret-0123456789abcdef0123456789abcdef";
process.env.NEXTAUTH_SECRET = SECRET;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = setupTestDb();
state.db = db;

const RUN_SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const N = Number(process.env.FUZZ_N ?? 16);
const GENERIC = "操作失败，请稍后重试。";
const PENDING_MESSAGE = "请先在“账户安全”页面修改密码或绑定双因素认证。";
const CROSS_SITE = "拒绝跨站请求。";
/** Route Handlers owned by another change: their findings are reported, and fail the test only for 5xx or unexpected errors. */
const OWNED_ELSEWHERE = new Set(["api/check-ins/route.ts", "api/projects/[id]/expenditures/route.ts"]);

type Who = (typeof ROLES)[number] | "ANONYMOUS" | "PENDING";
const WHO: readonly Who[] = [...ROLES, "ANONYMOUS", "PENDING"];

let w: World;
let pool: IdPool;
let usernames: string[];
let seedText: string;
const appDir = path.join(process.cwd(), "app");

function actorOf(who: Who): Actor | null {
  if (who === "ANONYMOUS") return null;
  if (who === "PENDING") return { ...w.actors.REPORTER, pending: "PASSWORD_EXPIRED" };
  return w.actors[who];
}

// ---- payload shapes, close enough to the real forms to get past the first checks -----------------

const checkInRow = (f: Fuzz) => ({
  indicatorId: f.or(() => f.id("indicators"), 0.2),
  actual: f.or(() => f.text(() => f.pick(["100", "95", "是", "良好", "40"])), 0.2),
  forecast: f.chance(0.3) ? f.text(() => "100") : undefined,
  likelihood: f.or(() => f.pick(["CERTAIN", "POSSIBLE", "IMPOSSIBLE", "MAYBE"]), 0.2),
  deviationCause: f.chance(0.3) ? f.or(() => f.pick(["FUNDING", "RULES", "OTHER", ""])) : undefined,
  correctiveAction: f.chance(0.3) ? f.text(() => "加强督办") : undefined,
  version: f.chance(0.3) ? f.or(() => 1 + f.int(3)) : undefined,
});
const date = (f: Fuzz) => f.text(() => `${f.pick([YEAR, YEAR, 2024, 2099])}-${String(1 + f.int(12)).padStart(2, "0")}-${String(1 + f.int(28)).padStart(2, "0")}`, 0.3);
const money = (f: Fuzz) => f.text(() => f.pick(["1200.00", "0.01", "35", "-100", "1e5", "12.345", "9999999999999.99", "１２００"]), 0.3);
const expenditure = (f: Fuzz) => ({ date: date(f), amount: money(f), payee: f.text(() => "某科技有限公司"), description: f.chance(0.5) ? f.text(() => "运维费") : undefined, voucherNo: f.chance(0.5) ? f.text(() => `V-${f.int(1000)}`) : undefined, economicClass: f.chance(0.3) ? f.hostileString() : undefined, confirmed: f.or(() => f.chance(0.5)) });
const adjustment = (f: Fuzz) => ({ date: date(f), amount: f.text(() => f.pick(["+5000", "-100", "0", "100.5"])), reason: f.text(() => "追加预算"), approvedBy: f.text(() => "财预〔2025〕1号") });
const indicatorInput = (f: Fuzz) => ({
  category: f.or(() => f.pick(["数量", "质量", "时效", "成本", "满意度", "社会效益", "不存在"])),
  name: f.text(() => "服务器维护台数"),
  comparator: f.or(() => f.pick([">=", "<=", "=", ">", "<", "qualitative", "≈"])),
  value: f.text(() => f.pick(["10", "95", "是", "良好", "-1", "1.123456789"])),
  unit: f.text(() => f.pick(["台", "%", "", "万元"])),
  reason: f.chance(0.5) ? f.text(() => "目标调整") : undefined,
});
const evaluationValues = (f: Fuzz) => ({
  version: f.or(() => f.int(3)),
  achievementText: f.text(() => "基本完成"),
  weightReason: f.text(() => ""),
  lines: f.or(() =>
    Array.from({ length: f.int(8) }, () =>
      f.or(() => ({ indicatorId: f.id("indicators"), weight: f.text(() => "10"), actual: f.text(() => "100"), band: f.or(() => f.pick(["", "达成", "部分达成", "未达成", "x"])), bandPercent: f.text(() => "80"), overrideScore: f.text(() => ""), overrideReason: f.text(() => ""), deviation: f.text(() => "偏差原因") }), 0.2),
    ),
  ),
});
const policy = (f: Fuzz) => {
  const out: Record<string, unknown> = { ...DEFAULT_POLICY };
  for (let n = 1 + f.int(3); n > 0; n--) out[f.pick(Object.keys(DEFAULT_POLICY))] = f.chance(0.5) ? f.value() : f.pick([0, 1, 8, 24, 999, -1, ["ADMIN"], [], ["NOBODY"]]);
  return out;
};

// "Deep" payloads start from the caller's unit's real, valid records and spoil one or two fields, so
// that they get past the role and scope checks and reach validation, the scoring engine and the writes.

const ownProject = (f: Fuzz) => f.pick(w.own.projects);
async function ownIndicator(f: Fuzz) {
  const rows = await db().indicator.findMany({ where: { project: { unitId: w.own.unitId } }, select: { id: true, projectId: true, version: true, category: true, name: true, comparator: true, targetValue: true, targetText: true, unitOfMeasure: true } });
  return f.pick(rows);
}
const spoil = <T extends Record<string, unknown>>(f: Fuzz, valid: T, focus: string[] = []) => (f.chance(0.75) ? f.mutate(valid, focus) : valid);
const validExpenditure = (f: Fuzz) => ({ date: `${YEAR}-0${1 + f.int(9)}-1${f.int(10)}`, amount: `${1 + f.int(99999)}.${f.int(10)}0`, payee: "某科技有限公司", description: "运维费", voucherNo: `D-${f.int(1e9)}`, economicClass: "30213", confirmed: true });
const deepRows = async (f: Fuzz) => Promise.all(Array.from({ length: f.deep || f.chance(0.7) ? 1 : 2 }, async () => spoil(f, validRow(await ownIndicator(f)), ["actual", "actual", "forecast"])));
async function deepIndicator(f: Fuzz): Promise<unknown[]> {
  const i = await ownIndicator(f);
  const input = { category: CATEGORY_NAMES[i.category], name: i.name, comparator: COMPARATORS[i.comparator], value: i.targetText ?? i.targetValue?.toString() ?? "1", unit: i.unitOfMeasure, reason: "目标调整" };
  return [i.projectId, f.chance(0.2) ? null : i.id, i.version, spoil(f, input, ["value", "name", "comparator"])];
}
async function deepEvaluation(f: Fuzz): Promise<unknown[]> {
  const projectId = ownProject(f);
  const form = evaluationForm(await evaluationView(db(), w.actors.ADMIN, projectId), { deviation: "偏差原因：进度滞后；改进措施：加强督办", achievementText: "基本完成" });
  const spoilt = f.int(form.lines.length + 1);
  const lines = form.lines.map((line, n) => (n === spoilt ? f.mutate(line, ["weight", "actual", "bandPercent", "overrideScore"]) : line));
  return [projectId, spoilt === form.lines.length ? f.mutate({ ...form, lines }) : { ...form, lines }, f.chance(0.5)];
}

async function ownWhere<T>(f: Fuzz, rows: Promise<T[]>, fallback: () => T): Promise<T> {
  const list = await rows;
  return list.length ? f.pick(list) : fallback();
}
const editableCheckIn = (f: Fuzz) => ownWhere(f, db().checkIn.findMany({ where: { report: { unitId: w.own.unitId, status: { in: ["DRAFT", "RETURNED"] } } }, select: { id: true } }), () => ({ id: f.id("checkIns") }));
const unreversed = (f: Fuzz) => ownWhere(f, db().expenditure.findMany({ where: { project: { unitId: w.own.unitId }, reversalOfId: null, reversals: { none: {} } }, select: { id: true, projectId: true } }), () => ({ id: f.id("expenditures"), projectId: ownProject(f) }));
const evaluated = (f: Fuzz) => ownWhere(f, db().selfEvaluation.findMany({ where: { project: { unitId: w.own.unitId } }, select: { projectId: true } }), () => ({ projectId: ownProject(f) }));

/** A new account as the admin's form sends it, fields at times spoilt. */
const account = (f: Fuzz) => ({
  displayName: f.text(() => f.pick(["刘芳", "张伟", ""])),
  username: f.text(() => `fz_${f.int(1e9)}`),
  role: f.or(() => f.pick(["REPORTER", "REVIEWER", "LEADER", "ADMIN", "AUDITOR", "BOSS"]), 0.2),
  unitId: f.chance(0.7) ? f.or(() => f.pick([w.own.unitId, f.id()]), 0.2) : undefined,
  departmentId: f.chance(0.4) ? f.or(() => w.departmentId, 0.3) : undefined,
});

/** Arguments for a Server Action by its name; an unknown name gets random arguments by its arity. */
const ACTION_ARGS: Record<string, (f: Fuzz) => unknown[] | Promise<unknown[]>> = {
  changePasswordAction: (f) => [f.or(() => ({ currentPassword: f.text(() => "Wrong#Passw0rd"), newPassword: f.text(() => "Ledger#2031x"), confirmPassword: f.text(() => "Ledger#2031x") }))],
  startTotpAction: (f) => (f.chance(0.8) ? [] : [f.value()]),
  confirmTotpAction: (f) => [f.or(() => String(f.int(1_000_000)).padStart(6, "0"))],
  removeOwnTotpAction: (f) => (f.chance(0.8) ? [] : [f.value()]),
  saveCheckInsAction: async (f) => (f.prefer(0.6) ? [YEAR, 4 + f.int(9), await deepRows(f)] : [f.or(() => YEAR, 0.2), f.or(() => 1 + f.int(12), 0.2), f.or(() => Array.from({ length: 1 + f.int(3) }, () => f.or(() => checkInRow(f), 0.15)), 0.2)]),
  submitReportAction: (f) => [f.or(() => f.id("reports"), 0.2), f.or(() => f.text(() => "其余指标本月无进展"), 0.2)],
  reviewReportAction: (f) => [f.or(() => f.id("reports"), 0.2), f.or(() => f.pick(["approve", "return"]), 0.2), f.or(() => f.text(() => "请补充佐证材料"), 0.2), f.or(() => f.chance(0.7), 0.2)],
  reopenReportAction: (f) => [f.or(() => f.id("reports"), 0.2), f.or(() => f.text(() => "数据更正"), 0.2)],
  updateAnnualGoalAction: (f) => (f.prefer(0.6) ? [ownProject(f), spoil(f, { annualGoal: "保障服务器正常运行，提升服务质量" })] : [f.or(() => f.id("projects"), 0.2), f.or(() => ({ annualGoal: f.text(() => "保障服务器正常运行") }))]),
  recordExpenditureAction: (f) => (f.prefer(0.6) ? [ownProject(f), spoil(f, validExpenditure(f), ["amount", "date", "payee"])] : [f.or(() => f.id("projects"), 0.2), f.or(() => expenditure(f), 0.2)]),
  recordAdjustmentAction: (f) => (f.prefer(0.6) ? [ownProject(f), spoil(f, { date: `${YEAR}-05-0${1 + f.int(9)}`, amount: f.pick(["5000", "-100.50", "+20000"]), reason: "追加预算", approvedBy: "财预〔2025〕1号" })] : [f.or(() => f.id("projects"), 0.2), f.or(() => adjustment(f), 0.2)]),
  reverseExpenditureAction: async (f) => (f.prefer(0.5) ? await unreversed(f).then((e) => [e.projectId, e.id, f.text(() => "录入错误", 0.3)]) : [f.or(() => f.id("projects"), 0.2), f.or(() => f.id("expenditures"), 0.2), f.or(() => f.text(() => "录入错误"), 0.2)]),
  importExpendituresAction: (f) => (f.prefer(0.6) ? [ownProject(f), Array.from({ length: 1 + f.int(3) }, (_, n) => spoil(f, { row: n + 2, ...validExpenditure(f) }, ["amount", "date", "row"])), { date: "支付日期", amount: "支付金额" }, f.chance(0.7)] : [
    f.or(() => f.id("projects"), 0.2),
    f.or(() => Array.from({ length: 1 + f.int(3) }, (_, n) => f.or(() => ({ row: f.or(() => n + 2), date: date(f), amount: money(f), payee: f.text(() => "某公司"), voucherNo: f.text(() => `V${f.int(999)}`), economicClass: "", description: "" }), 0.2)), 0.2),
    f.or(() => ({ date: "支付日期", amount: "支付金额", payee: "收款单位" })),
    f.or(() => f.chance(0.5)),
  ]),
  saveEvaluationAction: async (f) => (f.prefer(0.6) ? await deepEvaluation(f) : [f.or(() => f.id("projects"), 0.2), f.or(() => evaluationValues(f), 0.2), f.or(() => f.chance(0.5), 0.2)]),
  decideEvaluationAction: async (f) => (f.prefer(0.5) ? [(await evaluated(f)).projectId, f.pick(["approve", "return", "reopen"]), f.text(() => "请补充偏差分析", 0.3)] : [f.or(() => f.id("projects"), 0.2), f.or(() => f.pick(["approve", "return", "reopen"]), 0.2), f.or(() => f.text(() => "同意"), 0.2)]),
  saveIndicatorAction: async (f) => (f.prefer(0.6) ? await deepIndicator(f) : [f.or(() => f.id("projects"), 0.2), f.or(() => (f.chance(0.5) ? null : f.id("indicators")), 0.2), f.or(() => 1 + f.int(3), 0.2), f.or(() => indicatorInput(f), 0.2)]),
  deleteIndicatorAction: (f) => [f.or(() => f.id("projects"), 0.2), f.or(() => f.id("indicators"), 0.2), f.or(() => 1 + f.int(3), 0.2), f.or(() => f.text(() => "目标调整"), 0.2)],
  moveIndicatorAction: (f) => [f.or(() => f.id("projects"), 0.2), f.or(() => f.id("indicators"), 0.2), f.or(() => f.pick(["up", "down"]), 0.2)],
  savePolicyAction: (f) => [f.prefer(0.4) ? spoil(f, { ...DEFAULT_POLICY }) : f.or(() => policy(f), 0.2)],
  unlockUserAction: (f) => [f.or(() => f.text(() => f.pick(usernames)), 0.2)],
  endSessionsAction: (f) => [f.or(() => f.id("users"), 0.2)],
  resetTotpAction: (f) => [f.or(() => f.id("users"), 0.2)],
  setTargetsLockedAction: (f) => [f.or(() => f.id("fiscalYears"), 0.2), f.or(() => f.chance(0.5), 0.2)],
  createAccountAction: (f) => [f.or(() => ({ ...account(f), password: f.chance(0.6) ? undefined : f.text(() => f.pick(["Ledger#2031-Fuzz", "12345678", "Aa1!Aa1!Aa1!"])) }), 0.2)],
  updateAccountAction: (f) => [f.or(() => f.id("users"), 0.2), f.or(() => ({ displayName: f.text(() => "改名测试"), unitId: f.chance(0.5) ? f.or(() => w.own.unitId, 0.3) : undefined, departmentId: f.chance(0.3) ? f.or(() => w.departmentId, 0.3) : undefined }), 0.2)],
  setAccountStatusAction: (f) => [f.or(() => f.id("users"), 0.2), f.or(() => f.pick(["ACTIVE", "DISABLED", "DELETED", ""]), 0.2)],
  resetAccountPasswordAction: (f) => [f.or(() => f.id("users"), 0.2)],
  changeRoleAction: (f) => [f.or(() => f.id("users"), 0.2), f.or(() => ({ role: f.or(() => f.pick(["REPORTER", "REVIEWER", "LEADER", "ADMIN", "SECURITY_OFFICER", "AUDITOR", "ROOT"]), 0.2), unitId: f.chance(0.6) ? f.or(() => w.own.unitId, 0.3) : undefined }), 0.2)],
  saveDeadlinesAction: (f) => [f.prefer(0.5) ? f.mutate({ reportDueDay: 5, reviewDueDay: 10, firstMonth: 1, evaluationDueMonth: 3, evaluationDueDay: 31 }) : f.or(() => ({ reportDueDay: f.or(() => 1 + f.int(31)), reviewDueDay: f.or(() => 1 + f.int(31)), firstMonth: 1, evaluationDueMonth: 3, evaluationDueDay: 31 }), 0.2)],
  // Port 9 (discard) on this machine: the address is valid to save; no worker runs here to send to it.
  saveWebhookAction: (f) => [f.prefer(0.5) ? f.mutate({ url: "http://127.0.0.1:9/robot/send?key=fuzz", format: f.pick(["WECOM_TEXT", "WECOM_MARKDOWN", "DINGTALK_TEXT", "DINGTALK_MARKDOWN", "JSON"]), secret: "", clearSecret: false, enabled: true, digestHour: 9 }, ["url", "format", "digestHour"]) : f.or(() => ({ url: f.text(() => f.pick(["ftp://10.0.0.8/robot", "http://127.0.0.1:9/robot", "javascript:alert(1)", ""])), format: f.or(() => "JSON"), digestHour: f.or(() => f.int(30)) }), 0.2)],
  testWebhookAction: (f) => (f.chance(0.8) ? [] : [f.value()]),
  sendReminderAction: (f) => [f.or(() => f.id("units"), 0.2), f.or(() => f.text(() => "请本周内补报 3 月起的月度进展。"), 0.2)],
  markReminderReadAction: (f) => [f.or(() => f.id(), 0.2)],
};

// ---- Route Handlers ---------------------------------------------------------------------------------

/** A path segment as a browser would send it (a lone surrogate cannot be percent-encoded: U+FFFD instead). */
const segment = (value: string) => encodeURIComponent(value.replace(/\p{Cs}/gu, "\uFFFD"));

interface RouteCase {
  spec: RequestSpec;
  params: Record<string, string>;
}
const cleanForm = (name: string) => ["项目支出绩效目标表（2025年度）", `项目名称\t${name}`, "主管部门及代码\t309柳州市大数据发展局\t实施单位\t柳州市 大数据发展局", "项目资金（万元）\t年度资金总额\t8.00", "年度目标\t保障服务器正常运行", "绩效指标\t一级指标\t二级指标\t三级指标\t指标值", "\t产出指标\t数量指标\t维护服务器台数\t≥10台", "\t满意度指标\t服务对象满意度指标\t使用单位满意度\t≥90%"];
/** A valid per-project form (it adds a project) with, mostly, one line spoilt. */
const deepForm = (f: Fuzz) => {
  const lines = cleanForm(`模糊测试项目${f.int(1e6)}`);
  if (f.chance(0.8)) {
    const n = 1 + f.int(lines.length - 1);
    lines[n] = f.chance(0.5) ? f.poison(lines[n]!) : lines[n]!.replace(/[^\t]+$/, f.hostileString().replaceAll("\n", " ").slice(0, 2000));
  }
  return lines.join("\n");
};
const perProjectForm = (f: Fuzz) =>
  ["项目支出绩效目标表（2025年度）", `项目名称\t${f.text(() => "新购服务器维护")}`, "主管部门及代码\t309柳州市大数据发展局\t实施单位\t柳州市 大数据发展局", `项目资金（万元）\t年度资金总额\t${f.text(() => "8.00")}`, `年度目标\t${f.text(() => "保障服务器正常运行")}`, "绩效指标\t一级指标\t二级指标\t三级指标\t指标值", `\t产出指标\t数量指标\t${f.text(() => "维护服务器台数")}\t${f.text(() => "≥10台")}`].join("\n");
const csv = (f: Fuzz) => new TextEncoder().encode(`支付日期,支付金额,收款单位\n${date(f)},${money(f)},${f.text(() => "某公司").replaceAll(",", "，")}\n`);
const pdf = (f: Fuzz) => new TextEncoder().encode(`%PDF-1.7\n% fuzz ${f.int(1e9)}\n%%EOF\n`);
const maybeFile = (f: Fuzz, make: () => Uint8Array, name: () => string): string | File => (f.chance(0.15) ? f.hostileString().slice(0, 1000) : file(f.chance(0.1) ? zipBomb(f) : f.chance(0.7) ? make() : f.bytes(), f.chance(0.7) ? name() : f.hostileString().slice(0, 300)));
/** A lying workbook (declares 100 B, inflates to 64 MB) or one of 3,000 files, built once (beforeAll). */
let bombs: { lying: Uint8Array; crowded: Uint8Array };
/** Account workbooks, built once (beforeAll): one the admin may import (fresh names each run), one with wrong rows. */
let accountsBook: { good: Uint8Array; bad: Uint8Array };
async function accountsWorkbook(rows: string[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("账户");
  sheet.addRow(["姓名", "用户名", "角色", "单位"]);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
const zipBomb = (f: Fuzz) => f.tag("zip-bomb", f.chance(0.5) ? bombs.lying : bombs.crowded);

/** A request for a Route Handler by its file and method; unknown ones get a random request. */
const ROUTE_CASES: Record<string, (f: Fuzz) => RouteCase | Promise<RouteCase>> = {
  "api/accounts/import/route.ts#POST": (f) => ({ spec: { method: "POST", path: "/api/accounts/import", body: { kind: "form", fields: [["mode", f.text(() => f.pick(["preview", "commit"]), 0.2)], ["file", maybeFile(f, () => (f.chance(0.5) ? accountsBook.good : accountsBook.bad), () => "账户.xlsx")]] } }, params: {} }),
  "api/accounts/template/route.ts#GET": () => ({ spec: { method: "GET", path: "/api/accounts/template" }, params: {} }),
  "api/audit/verify/route.ts#POST": () => ({ spec: { method: "POST", path: "/api/audit/verify", body: { kind: "none" } }, params: {} }),
  "api/audit/export/route.ts#GET": (f) => ({
    spec: { method: "GET", path: "/api/audit/export", query: Object.fromEntries(["from", "to", "user", "action", "outcome", "object", "ip"].filter(() => f.chance(0.4)).map((k) => [k, f.text(() => (k === "from" || k === "to" ? "2020-01-01" : k === "outcome" ? "DENIED" : "access"))]).concat([["to", "2020-01-01"]])) },
    params: {},
  }),
  "api/budget/import/route.ts#POST": (f) => ({ spec: { method: "POST", path: "/api/budget/import", body: { kind: "form", fields: [["projectId", f.id("projects")], ["file", maybeFile(f, () => csv(f), () => "支出.csv")], ...(f.chance(0.5) ? [["mapping", f.chance(0.5) ? JSON.stringify(f.json()) : f.hostileString()] as [string, string]] : [])] } }, params: {} }),
  "api/check-ins/route.ts#GET": (f) => ({ spec: { method: "GET", path: "/api/check-ins", query: { year: f.text(() => String(YEAR)), month: f.text(() => String(1 + f.int(12))), ...(f.chance(0.5) ? { unitId: f.id("units") } : {}), ...(f.chance(0.3) ? { drafts: f.text(() => f.pick(["0", "1"])) } : {}) } }, params: {} }),
  "api/check-ins/route.ts#POST": async (f) => (f.prefer(0.5) ? { spec: { method: "POST", path: "/api/check-ins", body: { kind: "json", value: { year: YEAR, month: 4 + f.int(9), rows: await deepRows(f) } } }, params: {} } : { spec: { method: "POST", path: "/api/check-ins", body: { kind: "json", value: f.chance(0.2) ? f.json() : { year: f.chance(0.8) ? YEAR : f.json(), month: f.chance(0.8) ? 1 + f.int(12) : f.json(), rows: f.chance(0.8) ? Array.from({ length: f.int(3) }, () => (f.chance(0.8) ? JSON.parse(JSON.stringify(checkInRow(f), (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))) : f.json())) : f.json() } } }, params: {} }),
  "api/evaluation/[projectId]/xlsx/route.ts#GET": (f) => {
    const projectId = f.id("projects");
    return { spec: { method: "GET", path: `/api/evaluation/${segment(projectId)}/xlsx`, query: f.chance(0.5) ? { public: f.text(() => "1") } : {} }, params: { projectId } };
  },
  "api/exports/[kind]/route.ts#GET": (f) => {
    const kind = f.text(() => f.pick(["overview", "unit", "budget", "monitoring"]), 0.2);
    const query: Record<string, string> = { asOf: f.text(() => f.pick([`${YEAR}-07-31`, `${YEAR}-06-30`, `${YEAR - 1}-07-31`, `${YEAR}-02-30`])) };
    if (f.chance(0.5)) query.dept = f.id("departments");
    if (f.chance(0.3)) query.drafts = f.text(() => f.pick(["0", "1"]));
    if (kind === "unit" || f.chance(0.2)) query.unit = f.id("units");
    if (kind === "monitoring" && f.chance(0.5)) query.project = f.id("projects");
    return { spec: { method: "GET", path: `/api/exports/${segment(kind)}`, query }, params: { kind } };
  },
  "api/evaluation/xlsx/route.ts#GET": (f) => ({ spec: { method: "GET", path: "/api/evaluation/xlsx", query: { ...(f.chance(0.6) ? { dept: f.id("departments") } : {}), ...(f.chance(0.5) ? { public: "1" } : {}) } }, params: {} }),
  "api/evidence/[id]/route.ts#GET": (f) => {
    const id = f.id("evidence");
    return { spec: { method: "GET", path: `/api/evidence/${segment(id)}` }, params: { id } };
  },
  "api/evidence/[id]/route.ts#DELETE": (f) => {
    const id = f.id("evidence");
    return { spec: { method: "DELETE", path: `/api/evidence/${segment(id)}` }, params: { id } };
  },
  "api/evidence/route.ts#GET": (f) => ({ spec: { method: "GET", path: "/api/evidence", query: f.chance(0.5) ? { checkInId: f.id("checkIns") } : f.chance(0.8) ? { indicatorId: f.id("indicators") } : {} }, params: {} }),
  "api/evidence/route.ts#POST": async (f) => (f.prefer(0.4) ? { spec: { method: "POST", path: "/api/evidence", body: { kind: "form", fields: [["checkInId", (await editableCheckIn(f)).id], ["file", file(f.chance(0.7) ? pdf(f) : f.bytes(), f.text(() => "运维记录.pdf", 0.5))]] } }, params: {} } : { spec: { method: "POST", path: "/api/evidence", body: { kind: "form", fields: [[f.chance(0.6) ? "checkInId" : "expenditureId", f.id(f.chance(0.6) ? "checkIns" : "expenditures")], ["file", maybeFile(f, () => pdf(f), () => "运维记录.pdf")]] } }, params: {} }),
  "api/progress/template/route.ts#GET": (f) => ({ spec: { method: "GET", path: "/api/progress/template", query: { year: f.text(() => String(YEAR)), month: f.text(() => String(1 + f.int(12))) } }, params: {} }),
  "api/progress/template/route.ts#POST": (f) => ({ spec: { method: "POST", path: "/api/progress/template", body: { kind: "form", fields: [["year", f.text(() => String(YEAR))], ["month", f.text(() => String(1 + f.int(12)))], ["file", maybeFile(f, () => f.bytes(), () => "填报表.xlsx")]] } }, params: {} }),
  "api/projects/[id]/expenditures/route.ts#POST": (f) => {
    const id = f.prefer(0.4) ? ownProject(f) : f.id("projects");
    const body = f.prefer(0.4) ? spoil(f, validExpenditure(f)) : f.chance(0.7) ? expenditure(f) : f.json();
    return { spec: { method: "POST", path: `/api/projects/${segment(id)}/expenditures`, body: { kind: "json", value: body } }, params: { id } };
  },
  "api/targets/import/route.ts#POST": (f) => ({
    spec: {
      method: "POST",
      path: "/api/targets/import",
      body: {
        kind: "form",
        fields: [
          ["mode", f.text(() => f.pick(["preview", "commit"]), 0.2)],
          ["departmentCode", f.text(() => "309", 0.2)],
          ["departmentName", f.text(() => "", 0.2)],
          ["year", f.text(() => String(YEAR), 0.2)],
          ["layout", f.text(() => f.pick(["auto", "table12", "per-project"]), 0.2)],
          ...(f.chance(0.6) ? [["text", f.chance(0.15) ? seedText : f.prefer(0.4) ? deepForm(f) : f.chance(0.5) ? perProjectForm(f) : f.hostileString()] as [string, string]] : [["file", maybeFile(f, () => f.bytes(), () => "目标表.xlsx")] as [string, File | string]]),
        ],
      },
    },
    params: {},
  }),
};

/** Random headers on top of a case: origin missing, "null" or foreign; a lying or missing content-length; a wrong content-type. */
function hostileHeaders(f: Fuzz, spec: RequestSpec): RequestSpec {
  const out: RequestSpec = { ...spec, headers: { ...spec.headers } };
  const o = f.int(100);
  if (o < 6) out.origin = f.tag("no-origin", null);
  else if (o < 9) out.origin = f.tag("null-origin", "null");
  else if (o < 14) out.origin = f.tag("cross-origin", f.pick(["http://evil.example", "http://localhost:3000.evil.example", "https://localhost:3000", "::::"]));
  const h = f.int(100);
  if (h < 5) out.headers!["content-length"] = f.tag("lying-length", f.pick(["abc", "-1", "0", "99999999999", "1e9", ""]));
  else if (h < 8) out.headers!["content-length"] = f.tag("missing-length", null);
  else if (h < 12) out.headers!["content-type"] = f.tag("wrong-content-type", f.pick(["multipart/form-data; boundary=zzz", "application/json", "text/plain", "multipart/form-data"]));
  else if (h < 16 && out.method !== "GET") out.body = f.tag("garbage-body", { kind: "bytes", bytes: f.bytes(), type: f.pick(["multipart/form-data; boundary=----x", "application/json", "application/octet-stream"]) } satisfies Body);
  if (f.chance(0.1)) out.forwardedFor = f.tag("forged-forwarded-for", f.chance(0.5) ? f.hostileString().slice(0, 300) : f.pick(["6.6.6.6", "10.0.0.1, 6.6.6.6", "::1", "127.0.0.1", "x".repeat(300)]));
  return out;
}

function genericRoute(f: Fuzz, method: string, relative: string): RouteCase {
  const names = [...relative.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);
  const params = Object.fromEntries(names.map((n) => [n, f.chance(0.7) ? f.id() : f.hostileString()]));
  let pathname = `/${relative.replace(/\/route\.ts$/, "")}`;
  for (const [k, v] of Object.entries(params)) pathname = pathname.replace(`[${k}]`, segment(v));
  const kind = f.int(4);
  const body: Body = method === "GET" ? { kind: "none" } : kind === 0 ? { kind: "json", value: f.json() } : kind === 1 ? { kind: "form", fields: [[f.hostileString().slice(0, 20), f.hostileString()]] } : kind === 2 ? { kind: "bytes", bytes: f.bytes() } : { kind: "none" };
  return { spec: { method, path: pathname, query: f.chance(0.5) ? { q: f.hostileString() } : {}, body }, params };
}

// ---- the run ----------------------------------------------------------------------------------------

type Fn = (...args: unknown[]) => Promise<unknown>;
interface Target {
  kind: "action" | "route";
  file: string;
  name: string;
  fn: Fn;
}

const counts = { total: 0, foreignNotFound: new Map<string, number>(), writes: new Map<string, number>(), msByTarget: new Map<string, number>(), byTarget: new Map<string, number>(), byWho: new Map<string, number>(), byOutcome: new Map<string, number>(), byTag: new Map<string, number>() };
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
const failures: string[] = [];
/** Entry point × caller pairs that were allowed to write at least once (the deep phase works on them). */
const allowed = new Set<string>();
/** Whether any request of the current batch (one entry point × one caller) was allowed to write. */
const batch = { success: false, counted: false };
/** Tables a batch of counted password failures may change without a SUCCESS record. */
const allowedChanges = (changed: string[]) => (batch.counted ? changed.filter((t) => !/^(LoginThrottle|User)\(/.test(t)) : changed);
const reported: string[] = [];
const logged: unknown[][] = [];

function findFiles(base: string, name: string): string[] {
  return (readdirSync(base, { recursive: true }) as string[]).filter((f) => path.basename(f) === name).map((f) => f.split(path.sep).join("/")).sort();
}

async function targets(): Promise<Target[]> {
  const out: Target[] = [];
  for (const file of findFiles(appDir, "actions.ts")) {
    const mod = (await import(path.join(appDir, file))) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) if (typeof fn === "function") out.push({ kind: "action", file, name, fn: fn as Fn });
  }
  for (const file of findFiles(appDir, "route.ts")) {
    if (file.includes("[...nextauth]")) continue;
    const mod = (await import(path.join(appDir, file))) as Record<string, unknown>;
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (typeof mod[method] === "function") out.push({ kind: "route", file, name: method, fn: mod[method] as Fn });
  }
  return out;
}

const short = (v: unknown) => {
  try {
    const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x instanceof FormData ? Object.fromEntries(x) : typeof x === "string" && x.length > 60 ? `${x.slice(0, 40)}…(${x.length})` : x));
    return (text ?? String(v)).slice(0, 300);
  } catch {
    return String(v).slice(0, 300);
  }
};

async function attempt(target: Target, who: Who, iteration: number, deep = false): Promise<void> {
  const seed = caseSeed(RUN_SEED, target.file, target.name, who, iteration, deep ? "deep" : "");
  const f = new Fuzz(seed, pool, deep);
  const actor = actorOf(who);
  const where = `${target.file}#${target.name} as ${who}${deep ? " (deep)" : ""} (FUZZ_SEED=${RUN_SEED}, case seed ${seed})`;
  let args: unknown[] = [];
  let request: NextRequest | null = null;
  let peer = ACTION_PEER;
  let context: { params: Promise<Record<string, string>> } | null = null;
  if (target.kind === "action") {
    const make = ACTION_ARGS[target.name];
    args = make && f.chance(0.85) ? await make(f) : Array.from({ length: Math.max(1, target.fn.length) + f.int(2) }, () => f.value());
  } else {
    const make = ROUTE_CASES[`${target.file}#${target.name}`];
    const routeCase = make && f.chance(0.85) ? await make(f) : genericRoute(f, target.name, target.file);
    const spec = hostileHeaders(f, routeCase.spec);
    peer = spec.ip ?? PEER_ADDRESS;
    request = await buildRequest(spec);
    context = { params: Promise.resolve(routeCase.params) };
  }
  for (const tag of f.tags) bump(counts.byTag, tag);

  state.actor = actor;
  state.forbidden = [];
  state.headers = request ? new Headers({ ...Object.fromEntries(request.headers), "x-pathname": request.nextUrl.pathname }) : null;
  logged.length = 0;
  const { state: before, auditId } = await checkpoint(db());
  let result: unknown;
  let thrown: unknown;
  const t0 = performance.now();
  try {
    result = target.kind === "action" ? await target.fn(...args) : await target.fn(request, context);
  } catch (error) {
    thrown = error;
  }
  state.actor = null;
  state.headers = null;
  const elapsed = performance.now() - t0;
  counts.msByTarget.set(`${target.file}#${target.name}`, (counts.msByTarget.get(`${target.file}#${target.name}`) ?? 0) + elapsed);
  counts.total++;
  bump(counts.byTarget, `${target.file}#${target.name}`);
  bump(counts.byWho, who);

  const problems: string[] = [];
  let refused = false;
  let forbiddenRefusal = false;
  let outcome: string;
  if (thrown !== undefined) {
    outcome = "threw";
    problems.push(`threw ${(thrown as Error)?.stack?.split("\n").slice(0, 3).join(" | ") ?? String(thrown)}`);
  } else if (target.kind === "action") {
    if (result === undefined) outcome = "void";
    else if (typeof result === "object" && result !== null && typeof (result as { ok?: unknown }).ok === "boolean") {
      const r = result as { ok: boolean; message?: unknown };
      if (r.ok) outcome = "ok";
      else {
        refused = true;
        outcome = "refused";
        if (typeof r.message !== "string" || r.message.trim() === "") problems.push(`refusal without a message: ${short(result)}`);
        else if (r.message === GENERIC) problems.push("generic error message (an unexpected exception)");
        forbiddenRefusal = actor !== null && state.forbidden.includes(r.message as string);
        if (forbiddenRefusal) outcome = "forbidden";
      }
    } else {
      outcome = "odd-result";
      problems.push(`returned ${short(result)}`);
    }
    // A void form action hides its answer: a FORBIDDEN raised inside it is a refusal all the same.
    if (outcome === "void" && actor !== null && state.forbidden.length > 0) forbiddenRefusal = true;
  } else {
    const response = result as Response;
    const status = response?.status ?? 0;
    outcome = `HTTP ${status}`;
    if (!(response instanceof Response)) problems.push(`returned ${short(result)}`);
    else if (status >= 500) problems.push(`answered ${status}: ${(await response.text()).slice(0, 200)}`);
    else if (status >= 400) {
      refused = true;
      const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
      if (typeof body?.message !== "string" || !body.message) problems.push(`answered ${status} without a JSON message`);
      if (status === 403 && body?.message === CROSS_SITE) outcome = "HTTP 403 cross-site";
      else if (status === 403 && actor !== null) forbiddenRefusal = true;
    } else await response.arrayBuffer();
  }
  bump(counts.byOutcome, `${target.kind} ${outcome}`);
  if (logged.length > 0) problems.push(`console.error: ${logged.map((args) => args.map((a) => (a instanceof Error ? a.message : short(a))).join(" ")).join(" / ").slice(0, 400)}`);

  const { state: after, records } = await sinceCheckpoint(db(), auditId);
  const success = records.some((r) => r.outcome === "SUCCESS");
  // (iv) The address is the peer's whatever X-Forwarded-For said; a signed-in caller is named.
  for (const r of records) {
    if (r.ip !== peer) problems.push(`audit record ${r.action} ${r.outcome} has address ${JSON.stringify(r.ip)}, not the peer's ${peer}`);
    if (actor !== null && !r.username) problems.push(`audit record ${r.action} ${r.outcome} has no user name`);
  }
  // (v) Refused for what is pending: recorded.
  const pendingRefusal = who === "PENDING" && (target.kind === "action" ? (result as { message?: unknown })?.message === PENDING_MESSAGE : outcome === "HTTP 401");
  if (pendingRefusal && !records.some((r) => r.action === "access.denied" && r.userId === actor!.id && r.detail === PENDING_REFUSAL[actor!.pending!])) problems.push("refused for a pending password change without an access.denied record");
  // (vi) A zip bomb costs nothing.
  if (f.tags.has("zip-bomb") && elapsed > 1_000) problems.push(`a zip bomb took ${Math.round(elapsed)} ms`);
  // A wrong current password is a counted failed attempt: LoginThrottle changes by design, and the
  // attempt that locks the name ends the account's sessions (User.sessionVersion).
  const counted = records.some((r) => r.action === "user.password.change" && r.outcome !== "SUCCESS");
  if (counted) batch.counted = true;
  if (success) {
    batch.success = true;
    bump(counts.writes, `${target.file}#${target.name}`);
    allowed.add(`${target.file}#${target.name}|${who}`);
  }
  if (!success) {
    const changed = changedTables(before, after).filter((t) => !(counted && /^(LoginThrottle|User)\(/.test(t)));
    if (changed.length > 0) problems.push(`${refused ? "refused" : "no SUCCESS record"} but changed ${changed.join(", ")}`);
  } else if (refused) problems.push(`refused, yet a SUCCESS record was written (${records.filter((r) => r.outcome === "SUCCESS").map((r) => r.action).join(", ")})`);
  // A NOT_FOUND may hide another unit's real id (a probe): a refusal, recorded like a FORBIDDEN.
  const notFound = actor !== null && (target.kind === "action" ? refused && /不存在，或您无权查看。$/.test(String((result as { message?: unknown })?.message)) : outcome === "HTTP 404");
  const auditGap = (forbiddenRefusal || notFound) && !recordsRefusal(records, actor!.id);
  if (notFound && f.tags.has("other-unit-id")) bump(counts.foreignNotFound, `${target.file}#${target.name} ${recordsRefusal(records, actor!.id) ? "audited" : "not audited"}`);

  const detail = (p: string) => `${where}: ${p}\n    payload: ${target.kind === "action" ? short(args) : `${request!.method} ${request!.nextUrl.pathname}${request!.nextUrl.search.slice(0, 120)} origin=${request!.headers.get("origin")} [${[...f.tags].join(",")}]`}`;
  for (const p of problems) failures.push(detail(p));
  if (auditGap) (OWNED_ELSEWHERE.has(target.file) ? reported : failures).push(detail(`${forbiddenRefusal ? "FORBIDDEN" : "NOT_FOUND"} refusal without a DENIED/FAILURE/access.denied record`));
}

// ---- proxy.ts ------------------------------------------------------------------------------------------

type CookieKind = "none" | "fresh" | "due" | "revoked" | "too-old" | "forged" | "garbage";
const COOKIE_KINDS: readonly CookieKind[] = ["none", "fresh", "due", "revoked", "too-old", "forged", "garbage"];
const SESSION_COOKIE = "next-auth.session-token";
/** Session cookies of a user nobody else touches, made in beforeAll (`due` and older were issued two minutes before). */
let cookies: Record<Exclude<CookieKind, "none" | "garbage">, string>;

async function sessionCookie(user: { id: string; username: string }, sv: number, options: { secret?: string; issuedAgoMs: number; signedInAgoMs: number }): Promise<string> {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"], now: now - options.issuedAgoMs });
  try {
    return await encode({ secret: options.secret ?? SECRET, maxAge: 30 * 60, token: { sub: user.id, name: "代理测试", uid: user.id, username: user.username, sv, authTime: now - options.signedInAgoMs } });
  } finally {
    vi.useRealTimers();
  }
}

const PROXY_PATHS = ["/", "/dashboard", "/login", "/audit", "/api/evidence", "/api/evaluation/xlsx", "/api/check-ins", "/api/auth/signout", "/api/auth/callback/credentials", "/projects/%2e%2e/%2e%2e/etc/passwd"];
const proxyCounts = { total: 0, byOutcome: new Map<string, number>() };

async function attemptProxy(kind: CookieKind, iteration: number): Promise<void> {
  const seed = caseSeed(RUN_SEED, "proxy.ts", kind, iteration);
  const f = new Fuzz(seed, pool);
  const method = f.pick(["GET", "GET", "HEAD", "OPTIONS", "POST", "POST", "PUT", "DELETE", "PATCH"]);
  const pathname = f.chance(0.85) ? f.pick(PROXY_PATHS) : `/${segment(f.hostileString().slice(0, 200))}`;
  // A peer of its own per case: the per-address cap on refusal records is under test in proxy.test.ts.
  const peer = `198.18.${f.int(256)}.${1 + f.int(254)}`;
  const origin = f.pick([ORIGIN, ORIGIN, ORIGIN, null, "null", "http://evil.example", "https://localhost:3000", "http://localhost:3001", "http://localhost:3000.evil.example", f.hostileString().slice(0, 100)]);
  const headers: Record<string, string> = { host: f.chance(0.9) ? "localhost:3000" : "evil.example", [PEER_HEADER]: peerStamp(peer) };
  if (origin !== null) headers.origin = origin;
  if (f.chance(0.2)) headers["x-forwarded-host"] = f.tag("forged-forwarded-host", "evil.example");
  if (f.chance(0.2)) headers["x-forwarded-for"] = f.tag("forged-forwarded-for", f.pick(["6.6.6.6", "x".repeat(300), f.hostileString().slice(0, 200)]));
  if (kind !== "none") headers.cookie = `${SESSION_COOKIE}=${kind === "garbage" ? f.hostileString().slice(0, 500) : cookies[kind]}`;
  for (const k of Object.keys(headers)) headers[k] = headerValue(headers[k]!);
  let request: NextRequest;
  try {
    request = new NextRequest(new URL(pathname, ORIGIN), { method, headers });
  } catch {
    return; // not a request a server could receive
  }
  const where = `proxy.ts ${method} ${pathname.slice(0, 80)} cookie=${kind} origin=${String(origin).slice(0, 60)} (FUZZ_SEED=${RUN_SEED}, case seed ${seed})`;
  const { state: before, auditId } = await checkpoint(db());
  let response: Response | undefined;
  try {
    response = await proxy(request);
  } catch (error) {
    failures.push(`${where}: threw ${(error as Error)?.stack?.split("\n").slice(0, 3).join(" | ")}`);
    return;
  }
  proxyCounts.total++;
  const { state: after, records } = await sinceCheckpoint(db(), auditId);
  const crossSite = !["GET", "HEAD", "OPTIONS"].includes(method) && origin !== ORIGIN;
  const renewed = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`))?.slice(SESSION_COOKIE.length + 1).split(";")[0];
  bump(proxyCounts.byOutcome, `${crossSite ? "cross-site " : ""}HTTP ${response.status}${renewed ? " renewed" : renewed === "" ? " cleared" : ""}`);
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`answered ${response.status}`);
  if (crossSite) {
    if (response.status !== 403) problems.push(`a cross-site ${method} answered ${response.status}`);
    if (!records.some((r) => r.action === "access.denied" && r.outcome === "DENIED" && r.ip === peer)) problems.push("a cross-site refusal without a record carrying the peer's address");
  }
  if (renewed && !["fresh", "due"].includes(kind)) problems.push(`renewed a ${kind} session cookie`);
  if (pathname.startsWith("/api/") && response.headers.get("content-security-policy")) problems.push("set the page CSP on a Route Handler's answer");
  for (const r of records) if (r.ip !== peer) problems.push(`audit record with address ${JSON.stringify(r.ip)}, not the peer's ${peer}`);
  const changed = changedTables(before, after);
  if (changed.length > 0) problems.push(`changed ${changed.join(", ")}`);
  for (const p of problems) failures.push(`${where}: ${p}`);
}

beforeAll(async () => {
  w = await buildWorld(db(), dir);
  const kinds = (p: World["own"]) => ({ projects: p.projects, indicators: p.indicators.map((i) => i.id), checkIns: p.checkIns, reports: p.reports.map((r) => r.id), expenditures: p.expenditures, adjustments: p.adjustments, evidence: p.evidence });
  const years = await db().fiscalYear.findMany({ select: { id: true } });
  const departments = await db().department.findMany({ select: { id: true } });
  const units = await db().unit.findMany({ select: { id: true } });
  pool = { own: kinds(w.own), other: kinds(w.foreign), global: { users: w.users.map((u) => u.id), fiscalYears: years.map((y) => y.id), departments: departments.map((d) => d.id), units: units.map((u) => u.id) } };
  usernames = w.users.map((u) => u.username);
  seedText = readFileSync(SEED_FILE, "utf8");
  bombs = { lying: await lyingWorkbook(64 * 1024 * 1024), crowded: crowdedWorkbook(3_000) };
  accountsBook = {
    good: await accountsWorkbook([["批量一", `fzbulk_${Date.now()}`, "填报人", "309001"]]),
    bad: await accountsWorkbook([["批量二", "fz bad name", "科员", "309999"], ["", "", "审计管理员", ""]]),
  };
  const { actor: proxyUser } = await makeUser(db(), "LEADER");
  const sv = (await db().user.findUniqueOrThrow({ where: { id: proxyUser.id } })).sessionVersion;
  cookies = {
    fresh: await sessionCookie(proxyUser, sv, { issuedAgoMs: 5_000, signedInAgoMs: 5_000 }),
    due: await sessionCookie(proxyUser, sv, { issuedAgoMs: 120_000, signedInAgoMs: 120_000 }),
    revoked: await sessionCookie(proxyUser, sv - 1, { issuedAgoMs: 120_000, signedInAgoMs: 120_000 }),
    "too-old": await sessionCookie(proxyUser, sv, { issuedAgoMs: 120_000, signedInAgoMs: 13 * 3_600_000 }),
    forged: await sessionCookie(proxyUser, sv, { secret: "not-the-secret-0123456789abcdef0123456789", issuedAgoMs: 120_000, signedInAgoMs: 120_000 }),
  };
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
}, 180_000);

describe("fuzzing every Server Action and Route Handler as every role", () => {
  it("answers hostile payloads without 5xx or unexpected errors, changes nothing it refuses, and audits every FORBIDDEN and NOT_FOUND", async () => {
    const started = Date.now();
    const all = await targets();
    // Expensive answers (workbooks, password hashing) get fewer cases; everything gets some.
    const costly = new Set(["api/exports/[kind]/route.ts#GET", "api/accounts/import/route.ts#POST", "api/audit/verify/route.ts#POST", "api/evaluation/[projectId]/xlsx/route.ts#GET", "api/audit/export/route.ts#GET", "api/targets/import/route.ts#POST", "api/progress/template/route.ts#GET"]);
    for (const target of all) {
      const key = `${target.file}#${target.name}`;
      const n = costly.has(key) || ["changePasswordAction", "createAccountAction", "resetAccountPasswordAction"].includes(target.name) ? Math.ceil(N / 3) : N;
      for (const who of WHO) {
        // Per request the row counts and xmin sums are compared; per batch the rows' contents too.
        const before: TableState = await tableState(db(), { content: true });
        batch.success = false;
        batch.counted = false;
        for (let i = 0; i < (who === "ANONYMOUS" || who === "PENDING" ? Math.ceil(n / 3) : n); i++) await attempt(target, who, i);
        const changed = batch.success ? [] : allowedChanges(changedTables(before, await tableState(db(), { content: true })));
        if (changed.length > 0) failures.push(`${key} as ${who}: the batch wrote no SUCCESS record but changed ${changed.join(", ")} (FUZZ_SEED=${RUN_SEED})`);
      }
    }
    // Phase 2: where a caller was allowed to write, spoil valid records only (the deep payloads), to
    // reach validation, the scoring engine and the database with values just past each limit.
    for (const target of all) {
      const key = `${target.file}#${target.name}`;
      for (const who of ROLES) {
        if (!allowed.has(`${key}|${who}`)) continue;
        const before: TableState = await tableState(db(), { content: true });
        batch.success = false;
        batch.counted = false;
        for (let i = 0; i < N; i++) await attempt(target, who, i, true);
        const changed = batch.success ? [] : allowedChanges(changedTables(before, await tableState(db(), { content: true })));
        if (changed.length > 0) failures.push(`${key} as ${who} (deep): the batch wrote no SUCCESS record but changed ${changed.join(", ")} (FUZZ_SEED=${RUN_SEED})`);
      }
    }
    // Phase 3: proxy.ts, with every kind of session cookie.
    for (const kind of COOKIE_KINDS) for (let i = 0; i < N * 4; i++) await attemptProxy(kind, i);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    const list = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `    ${k}: ${v}`).join("\n");
    console.log(
      [
        `\nfuzz: ${counts.total} requests in ${seconds} s (FUZZ_SEED=${RUN_SEED}, FUZZ_N=${N}); ${all.filter((t) => t.kind === "action").length} Server Actions, ${all.filter((t) => t.kind === "route").length} Route Handler methods`,
        `  by entry point (requests, ms spent in the handler):\n${[...counts.byTarget.entries()].map(([k, v]) => `    ${k}: ${v}, ${counts.writes.get(k) ?? 0} allowed writes (${Math.round(counts.msByTarget.get(k) ?? 0)} ms)`).join("\n")}`,
        `  by caller:\n${list(counts.byWho)}`,
        `  proxy.ts: ${proxyCounts.total} requests\n${list(proxyCounts.byOutcome)}`,
        `  by outcome:\n${list(counts.byOutcome)}`,
        `  by payload category (a request may carry several):\n${list(counts.byTag)}`,
        `  NOT_FOUND on a request carrying another unit's real id somewhere (approximate; every NOT_FOUND must be audited):\n${[...counts.foreignNotFound.entries()].sort().map(([k, v]) => `    ${k}: ${v}`).join("\n")}`,
        reported.length ? `  reported, not failed (Route Handlers owned by another change):\n    ${[...new Set(reported.map((r) => r.split(" (FUZZ_SEED")[0]))].join("\n    ")}` : "",
      ].join("\n"),
    );
    // Every entry point was reached, and the run was big enough to mean something.
    expect(all.filter((t) => t.kind === "action").length).toBeGreaterThanOrEqual(20);
    expect(all.filter((t) => t.kind === "route").length).toBeGreaterThanOrEqual(10);
    for (const t of all) expect(counts.byTarget.get(`${t.file}#${t.name}`), `${t.file}#${t.name}`).toBeGreaterThan(0);
    expect(failures.length, `\n${failures.slice(0, 60).join("\n")}${failures.length > 60 ? `\n… and ${failures.length - 60} more` : ""}`).toBe(0);
    expect(counts.total, "FUZZ_N too small for a meaningful run").toBeGreaterThan(N >= 10 ? 2000 : 0);
  }, 600_000);
});
