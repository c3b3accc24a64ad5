import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/app/action";
import { saveCheckInsAction, submitReportAction } from "@/app/(app)/progress/actions";
import { updateAnnualGoalAction } from "@/app/(app)/projects/[id]/actions";
import { recordExpenditureAction } from "@/app/(app)/projects/[id]/budget/actions";
import { DELETE as evidenceDelete, GET as evidenceGet } from "@/app/api/evidence/[id]/route";
import type { Actor } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { auditSince, lastAuditId } from "../support/fuzz-db";
import { buildRequest } from "../support/fuzz-http";
import { OTHER_UNIT, OWN_UNIT, validRow, YEAR } from "../support/fuzz-world";

// Some refusals are recorded by lib/ itself, under the event and object refused (who probed
// which check-in); the wrappers around lib/ (Server Actions, Route Handlers, pages) record every
// other refusal as access.denied. Either way one refusal leaves exactly one record on the trail.

const state = vi.hoisted(() => ({ actor: null as Actor | null, db: null as (() => Db) | null }));
vi.mock("@/app/session", () => ({ currentActor: async () => state.actor, activeActor: async () => state.actor }));
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => state.db!() }));
vi.mock("next/headers", async () => {
  const { peerStamp } = await import("@/app/http/same-origin");
  return { headers: async () => new Headers({ "x-jixiao-peer": peerStamp("198.51.100.7"), "x-pathname": "/probe" }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const db = setupTestDb();
state.db = db;

const refusedBy = async (result: Promise<ActionResult<unknown> | Response>): Promise<string> => {
  const r = await result;
  if (r instanceof Response) return `${r.status}`;
  return r.ok ? "ok" : r.message;
};

let reporter: Actor;
let leader: Actor;
let foreign: { projectId: string; indicator: Awaited<ReturnType<Db["indicator"]["findFirstOrThrow"]>>; reportId: string; evidenceId: string };

beforeAll(async () => {
  reporter = (await makeUser(db(), "REPORTER", OWN_UNIT)).actor;
  leader = (await makeUser(db(), "LEADER")).actor;
  const { actor: otherReporter } = await makeUser(db(), "REPORTER", OTHER_UNIT);
  const project = await db().project.findFirstOrThrow({ where: { unit: { code: OTHER_UNIT }, fiscalYear: { year: YEAR } }, include: { indicators: { orderBy: { sortOrder: "asc" } } } });
  const indicator = project.indicators[0]!;
  const saved = await saveCheckIns(db(), otherReporter, { year: YEAR, month: 5, rows: [validRow(indicator)] });
  expect(saved.errors).toEqual({});
  const checkIn = await db().checkIn.findFirstOrThrow({ where: { indicatorId: indicator.id }, include: { report: true } });
  // Only the row matters to the refusal: the download is refused before any file is read.
  const evidence = await db().evidence.create({
    data: { projectId: project.id, checkInId: checkIn.id, fileName: "佐证.pdf", mimeType: "application/pdf", size: 4, sha256: "0".repeat(64), storagePath: `${YEAR}/${randomUUID()}`, uploadedById: otherReporter.id },
  });
  foreign = { projectId: project.id, indicator, reportId: checkIn.report!.id, evidenceId: evidence.id };
});

interface Probe {
  label: string;
  who: () => Actor;
  call: () => Promise<string>;
  answer: RegExp;
  /** The event lib/ records the refusal under. */
  action: string;
}

const PROBES: Probe[] = [
  { label: "领导修改年度目标", who: () => leader, call: () => refusedBy(updateAnnualGoalAction(foreign.projectId, { annualGoal: "探测".repeat(10) })), answer: /不能修改项目目标/, action: "project.annualGoal.update" },
  { label: "填报他单位指标", who: () => reporter, call: () => refusedBy(saveCheckInsAction(YEAR, 5, [validRow(foreign.indicator)])), answer: /不属于本单位/, action: "checkIn.save" },
  { label: "提交他单位月度填报", who: () => reporter, call: () => refusedBy(submitReportAction(foreign.reportId, "")), answer: /月度填报不存在/, action: "report.submit" },
  {
    label: "为他单位项目登记支出",
    who: () => reporter,
    call: () => refusedBy(recordExpenditureAction(foreign.projectId, { date: `${YEAR}-06-04`, amount: "100.00", payee: "某公司", voucherNo: "P-1", confirmed: true })),
    answer: /项目不存在/,
    action: "budget.record",
  },
  {
    label: "下载他单位佐证材料",
    who: () => reporter,
    call: async () => refusedBy(evidenceGet(await buildRequest({ method: "GET", path: `/api/evidence/${foreign.evidenceId}` }), { params: Promise.resolve({ id: foreign.evidenceId }) })),
    answer: /^404$/,
    action: "evidence.download",
  },
  {
    label: "删除他单位佐证材料",
    who: () => reporter,
    call: async () => refusedBy(evidenceDelete(await buildRequest({ method: "DELETE", path: `/api/evidence/${foreign.evidenceId}` }), { params: Promise.resolve({ id: foreign.evidenceId }) })),
    answer: /^404$/,
    action: "evidence.delete",
  },
];

describe("one refusal, one audit record", () => {
  it.each(PROBES.map((p) => [p.label, p] as const))("%s: refused and recorded once, under its own event", async (_label, probe) => {
    state.actor = probe.who();
    const since = await lastAuditId(db());
    expect(await probe.call()).toMatch(probe.answer);
    const records = (await auditSince(db(), since)).filter((r) => r.outcome === "DENIED" || r.action === "access.denied");
    expect(records.map((r) => ({ action: r.action, userId: r.userId }))).toEqual([{ action: probe.action, userId: probe.who().id }]);
    state.actor = null;
  });

  it("an id that exists nowhere is recorded once too, by the wrapper", async () => {
    state.actor = reporter;
    const since = await lastAuditId(db());
    expect(await refusedBy(submitReportAction(randomUUID(), ""))).toMatch(/月度填报不存在/);
    const records = (await auditSince(db(), since)).filter((r) => r.outcome === "DENIED");
    expect(records.map((r) => r.action)).toEqual(["access.denied"]);
    state.actor = null;
  });
});
