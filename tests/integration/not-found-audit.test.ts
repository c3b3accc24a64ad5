import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/app/action";
import { load } from "@/app/guard";
import { decideEvaluationAction, saveEvaluationAction } from "@/app/(app)/projects/[id]/evaluation/actions";
import { importExpendituresAction } from "@/app/(app)/projects/[id]/budget/actions";
import { deleteIndicatorAction, moveIndicatorAction, saveIndicatorAction } from "@/app/(app)/projects/[id]/targets/actions";
import { POST as budgetImportRoute } from "@/app/api/budget/import/route";
import { GET as evaluationExportRoute } from "@/app/api/evaluation/[projectId]/xlsx/route";
import type { Actor } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { evaluationView } from "@/lib/evaluation/service";
import { getProjectDetail } from "@/lib/projects/detail";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { auditSince, changedTables, lastAuditId, tableState } from "../support/fuzz-db";
import { buildRequest, file } from "../support/fuzz-http";
import { evaluationForm, YEAR } from "../support/fuzz-world";

// lib/ scopes every query by the actor, so unit B's real ids answer unit A's reporter NOT_FOUND.
// Such a probe is a refusal like a FORBIDDEN: through every entry point (Server Action, Route
// Handler, page load) it must leave an access.denied record, change nothing, and answer exactly as
// an id that does not exist at all would (the answer never tells whether the id is real).

const state = vi.hoisted(() => ({ actor: null as Actor | null, db: null as (() => Db) | null }));
vi.mock("@/app/session", () => ({ currentActor: async () => state.actor, activeActor: async () => state.actor }));
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => state.db!() }));
vi.mock("next/headers", async () => {
  const { peerStamp } = await import("@/app/http/same-origin");
  return { headers: async () => new Headers({ "x-jixiao-peer": peerStamp("198.51.100.9"), "x-pathname": "/probe" }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
class NavigationStop extends Error {}
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new NavigationStop("404");
  },
  forbidden: () => {
    throw new NavigationStop("403");
  },
}));

const db = setupTestDb();
state.db = db;

/** What the caller sees: a Server Action's message, a Route Handler's status and message, a page's navigation. */
type Answer = { status?: number; message: string };
const action = async (result: Promise<ActionResult<unknown>>): Promise<Answer> => {
  const r = await result;
  return { message: r.ok ? "ok" : r.message };
};
const route = async (response: Promise<Response>): Promise<Answer> => {
  const r = await response;
  return { status: r.status, message: String(((await r.json().catch(() => ({}))) as { message?: unknown }).message) };
};
const page = (read: () => Promise<unknown>): Promise<Answer> =>
  load(read).then(
    () => ({ message: "ok" }),
    (e: unknown) => (e instanceof NavigationStop ? { message: e.message } : Promise.reject(e)),
  );

const NOT_FOUND = /^(项目|指标)不存在，或您无权查看。$/;
const csv = new TextEncoder().encode("支付日期,支付金额,收款单位\n2025-06-04,100.00,某信息技术公司\n");

let reporter: Actor;
let reviewer: Actor;
let foreignProject: string;
let foreignIndicator: { id: string; version: number };
let form: unknown;

beforeAll(async () => {
  reporter = (await makeUser(db(), "REPORTER", "309001")).actor;
  reviewer = (await makeUser(db(), "REVIEWER", "309001")).actor;
  const { actor: otherReporter } = await makeUser(db(), "REPORTER", "309002");
  const project = await db().project.findFirstOrThrow({ where: { unit: { code: "309002" }, fiscalYear: { year: YEAR } }, include: { indicators: { orderBy: { sortOrder: "asc" } } } });
  foreignProject = project.id;
  foreignIndicator = project.indicators[0]!;
  // A well-formed self-evaluation, as unit B's own screen would post it: only the scope refuses it.
  form = evaluationForm(await evaluationView(db(), otherReporter, project.id), { deviation: "偏差原因：进度滞后；改进措施：加强督办", achievementText: "基本完成" });
});

interface Probe {
  label: string;
  who: () => Actor;
  foreignId: () => string;
  call: (id: string) => Promise<Answer>;
  expected: RegExp | Answer;
}

const indicatorInput = { category: "数量", name: "探测指标", comparator: ">=", value: "99", unit: "台" };
const PROBES: Probe[] = [
  { label: "修改指标", who: () => reporter, foreignId: () => foreignIndicator.id, call: (id) => action(saveIndicatorAction(foreignProject, id, foreignIndicator.version, indicatorInput)), expected: NOT_FOUND },
  { label: "删除指标", who: () => reporter, foreignId: () => foreignIndicator.id, call: (id) => action(deleteIndicatorAction(foreignProject, id, foreignIndicator.version, "探测")), expected: NOT_FOUND },
  { label: "调整指标顺序", who: () => reporter, foreignId: () => foreignIndicator.id, call: (id) => action(moveIndicatorAction(foreignProject, id, "down")), expected: NOT_FOUND },
  { label: "保存绩效自评", who: () => reporter, foreignId: () => foreignProject, call: (id) => action(saveEvaluationAction(id, form, false)), expected: NOT_FOUND },
  { label: "审核绩效自评", who: () => reviewer, foreignId: () => foreignProject, call: (id) => action(decideEvaluationAction(id, "approve", "同意")), expected: NOT_FOUND },
  {
    label: "导入支出（确认写入）",
    who: () => reporter,
    foreignId: () => foreignProject,
    call: (id) => action(importExpendituresAction(id, [{ row: 2, date: `${YEAR}-06-04`, amount: "100.00", payee: "某信息技术公司", voucherNo: "P-1", economicClass: "", description: "" }], { date: "支付日期", amount: "支付金额", payee: "收款单位" }, true)),
    expected: NOT_FOUND,
  },
  {
    label: "读取支出导入文件（Route Handler）",
    who: () => reporter,
    foreignId: () => foreignProject,
    call: async (id) => route(budgetImportRoute(await buildRequest({ method: "POST", path: "/api/budget/import", body: { kind: "form", fields: [["projectId", id], ["file", file(csv, "支出.csv", "text/csv")]] } }))),
    expected: { status: 404, message: "项目不存在，或您无权查看。" },
  },
  {
    label: "导出绩效自评表（Route Handler）",
    who: () => reporter,
    foreignId: () => foreignProject,
    call: async (id) => route(evaluationExportRoute(await buildRequest({ method: "GET", path: `/api/evaluation/${id}/xlsx` }), { params: Promise.resolve({ projectId: id }) })),
    expected: { status: 404, message: "项目不存在，或您无权查看。" },
  },
  { label: "查看项目详情（页面）", who: () => reporter, foreignId: () => foreignProject, call: (id) => page(() => getProjectDetail(db(), reporter, id)), expected: { message: "404" } },
];

describe("NOT_FOUND on another unit's real id", () => {
  it.each(PROBES.map((p) => [p.label, p] as const))("%s: answered as not found, recorded, nothing changed", async (_label, probe) => {
    const actor = probe.who();
    state.actor = actor;
    const before = await tableState(db(), { content: true });
    const since = await lastAuditId(db());
    const answer = await probe.call(probe.foreignId());

    if (probe.expected instanceof RegExp) expect(answer.message).toMatch(probe.expected);
    else expect(answer).toEqual(probe.expected);
    expect(changedTables(before, await tableState(db(), { content: true }))).toEqual([]);
    expect(await auditSince(db(), since)).toContainEqual(
      expect.objectContaining({ userId: actor.id, action: "access.denied", outcome: "DENIED", detail: expect.stringMatching(/^对象不存在或不在权限范围内：.*不存在，或您无权查看。$/) }),
    );
    // An id that exists nowhere gets the very same answer: the reply does not tell the two apart.
    expect(await probe.call(randomUUID())).toEqual(answer);
    state.actor = null;
  });
});
