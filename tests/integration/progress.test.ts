import { describe, expect, it } from "vitest";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { indicatorHistory } from "@/lib/progress/history";
import { monthView } from "@/lib/progress/month-view";
import { reopenReport, reportHistory, reviewQueue, reviewReport, submitReport } from "@/lib/progress/reports";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
const now = new Date("2026-11-26T08:00:00Z");

async function appIndicators() {
  const project = await db().project.findFirstOrThrow({ where: { name: "龙城市民云APP运维费" }, include: { indicators: true } });
  const by = (name: string) => project.indicators.find((i) => i.name === name)!;
  return {
    users: by("龙城市民云注册用户数"),
    repair: by("龙城市民云故障排除率"),
    complaints: by("全年用户投诉量"),
    stable: by("龙城市民云APP安全稳定运行"),
    response: by("用户问题响应时间"),
  };
}

describe("recording progress", () => {
  it("saves a month's check-ins with computed statuses, audited, and shows them in the month view", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const i = await appIndicators();
    const result = await saveCheckIns(db(), actor, {
      year: 2025,
      month: 6,
      rows: [
        { indicatorId: i.users.id, actual: "１２５", likelihood: "CERTAIN" },
        { indicatorId: i.repair.id, actual: "100", likelihood: "CERTAIN" },
        { indicatorId: i.complaints.id, actual: "12", likelihood: "CERTAIN" },
      ],
    }, { now });
    expect(result).toEqual({ saved: 3, cleared: 0, errors: {}, conflicts: [] });
    const stored = await db().checkIn.findFirstOrThrow({ where: { indicatorId: i.users.id } });
    expect([stored.actualValue?.toString(), stored.asOfDate.toISOString().slice(0, 10)]).toEqual(["125", "2025-06-30"]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: stored.id, action: "checkIn.create" } });
    expect(audit.after).toMatchObject({ actual: "125", likelihood: "CERTAIN" });

    const view = await monthView(db(), actor, { year: 2025, month: 6, now });
    const row = (id: string) => view.rows.find((r) => r.indicatorId === id)!;
    expect(row(i.repair.id).status).toBe("ON_TRACK");
    expect(row(i.complaints.id).status).toBe("ON_TRACK");
    expect(row(i.stable.id).status).toBe("NOT_REPORTED");
    expect(view.report?.status).toBe("DRAFT");
  });

  it("refuses bad values with specific messages and writes nothing", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const i = await appIndicators();
    const before = { checkIns: await db().checkIn.count(), audit: await db().auditEvent.count() };
    const result = await saveCheckIns(db(), actor, {
      year: 2025,
      month: 7,
      rows: [
        { indicatorId: i.users.id, actual: "很多", likelihood: "CERTAIN" },
        { indicatorId: i.repair.id, actual: "250", likelihood: "CERTAIN" },
        { indicatorId: i.complaints.id, actual: "-3", likelihood: "CERTAIN" },
        { indicatorId: i.stable.id, actual: "30", likelihood: "POSSIBLE" },
      ],
    }, { now });
    expect(result.saved).toBe(0);
    expect(result.errors[i.users.id]?.actual).toContain("必须是数字");
    expect(result.errors[i.repair.id]?.actual).toBe("实际完成值是百分比，不能超过 100");
    expect(result.errors[i.complaints.id]?.actual).toBe("实际完成值不能为负数");
    expect(result.errors[i.stable.id]?.deviationCause).toContain("请选择偏差原因");
    expect(result.errors[i.stable.id]?.correctiveAction).toBe("请填写纠偏措施");
    expect({ checkIns: await db().checkIn.count(), audit: await db().auditEvent.count() }).toEqual(before);
  });

  it("does not let a reporter post to another unit's indicator (denied, audited, nothing saved)", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const i = await appIndicators();
    const before = await db().checkIn.count();
    await expect(saveCheckIns(db(), actor, { year: 2025, month: 6, rows: [{ indicatorId: i.users.id, actual: "1", likelihood: "CERTAIN" }] }, { now })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().checkIn.count()).toBe(before);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { userId: actor.id, action: "checkIn.save" } });
    expect(denied.outcome).toBe("DENIED");
  });

  it("refuses the second of two edits of the same check-in and returns the current value", async () => {
    const { actor: a } = await makeUser(db(), "REPORTER", "309002");
    const { actor: b } = await makeUser(db(), "REPORTER", "309002");
    const i = await appIndicators();
    await saveCheckIns(db(), a, { year: 2025, month: 8, rows: [{ indicatorId: i.users.id, actual: "150", likelihood: "CERTAIN" }] }, { now });
    const first = await db().checkIn.findFirstOrThrow({ where: { indicatorId: i.users.id, report: { month: 8 } } });
    const ok = await saveCheckIns(db(), a, { year: 2025, month: 8, rows: [{ indicatorId: i.users.id, actual: "160", likelihood: "CERTAIN", version: first.version }] }, { now });
    expect(ok.saved).toBe(1);
    const stale = await saveCheckIns(db(), b, { year: 2025, month: 8, rows: [{ indicatorId: i.users.id, actual: "170", likelihood: "CERTAIN", version: first.version }] }, { now });
    expect(stale.saved).toBe(0);
    expect(stale.conflicts).toEqual([{ indicatorId: i.users.id, current: { actual: "160", version: first.version + 1, by: "测试REPORTER" } }]);
    expect((await db().checkIn.findUniqueOrThrow({ where: { id: first.id } })).actualValue?.toString()).toBe("160");
  });

  it("refuses a month that has not come yet", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const i = await appIndicators();
    const result = await saveCheckIns(db(), actor, { year: 2025, month: 12, rows: [{ indicatorId: i.users.id, actual: "240", likelihood: "CERTAIN" }] }, { now: new Date("2025-10-15T00:00:00Z") });
    expect(result.errors[i.users.id]?.asOfDate).toBe("填报日期不能晚于今天");
  });
});

describe("the monthly report workflow", () => {
  it("draft → submitted → returned → fixed → resubmitted → approved, locked; an admin reopens with a reason", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309002");
    const { actor: otherReviewer } = await makeUser(db(), "REVIEWER", "309001");
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const i = await appIndicators();
    await saveCheckIns(db(), reporter, { year: 2025, month: 9, rows: [{ indicatorId: i.repair.id, actual: "100", likelihood: "CERTAIN" }] }, { now });
    const report = await db().monthlyReport.findFirstOrThrow({ where: { month: 9, unit: { code: "309002" } } });

    await expect(reviewReport(db(), reviewer, report.id, "approve", "")).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(submitReport(db(), reporter, report.id)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { reason: expect.stringContaining("原因") } });
    await submitReport(db(), reporter, report.id, { reason: "其余指标按季度统计" });
    expect((await reviewQueue(db(), reviewer)).find((r) => r.id === report.id)).toMatchObject({ filled: 1, expected: 74, complete: false, reason: "其余指标按季度统计" });
    await expect(saveCheckIns(db(), reporter, { year: 2025, month: 9, rows: [{ indicatorId: i.repair.id, actual: "99", likelihood: "CERTAIN" }] }, { now })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(reviewReport(db(), otherReviewer, report.id, "approve", "")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(reviewReport(db(), reviewer, report.id, "return", "")).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { comment: expect.stringContaining("退回原因") } });
    await reviewReport(db(), reviewer, report.id, "return", "故障排除率请附运维记录");

    const checkIn = await db().checkIn.findFirstOrThrow({ where: { reportId: report.id } });
    await saveCheckIns(db(), reporter, { year: 2025, month: 9, rows: [{ indicatorId: i.repair.id, actual: "99", likelihood: "POSSIBLE", deviationCause: "EQUIPMENT", correctiveAction: "更换故障服务器", version: checkIn.version }] }, { now });
    await submitReport(db(), reporter, report.id, { reason: "其余指标按季度统计" });
    await expect(reviewReport(db(), reviewer, report.id, "approve", "同意")).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { confirm: expect.any(String) } });
    await reviewReport(db(), reviewer, report.id, "approve", "同意", { confirmIncomplete: true });
    await expect(saveCheckIns(db(), reporter, { year: 2025, month: 9, rows: [{ indicatorId: i.repair.id, actual: "98", likelihood: "POSSIBLE", deviationCause: "EQUIPMENT", correctiveAction: "x", version: checkIn.version + 1 }] }, { now })).rejects.toMatchObject({ message: expect.stringContaining("已审核通过并锁定") });

    await expect(reopenReport(db(), admin, report.id, "")).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(reopenReport(db(), reviewer, report.id, "需要更正")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await reopenReport(db(), admin, report.id, "财政局要求更正 9 月数据");
    expect((await db().monthlyReport.findUniqueOrThrow({ where: { id: report.id } })).status).toBe("RETURNED");
    const trail = await db().auditEvent.findMany({ where: { objectId: report.id, outcome: "SUCCESS" }, orderBy: { id: "asc" } });
    expect(trail.map((e) => e.action)).toEqual(["report.submit", "report.return", "report.submit", "report.approve", "report.reopen"]);
    // The report's own history keeps every step in order, with who, the comments and the completeness.
    const history = await reportHistory(db(), reporter, report.id);
    expect(history.map((h) => [h.label, h.by, h.comment, h.completeness])).toEqual([
      ["提交审核", "测试REPORTER", "其余指标按季度统计", "已填 1/74，73 项未填实际完成值"],
      ["退回修改", "测试REVIEWER", "故障排除率请附运维记录", null],
      ["重新提交", "测试REPORTER", "其余指标按季度统计", "已填 1/74，73 项未填实际完成值"],
      ["审核通过", "测试REVIEWER", "同意", "已填 1/74，73 项未填实际完成值"],
      ["重新打开", "测试ADMIN", "财政局要求更正 9 月数据", null],
    ]);
    expect(history.every((h, k) => k === 0 || h.at >= history[k - 1]!.at)).toBe(true);
    expect(history[0]!.missing?.unfilled).toHaveLength(73);
    await expect(reportHistory(db(), otherReviewer, report.id)).resolves.toEqual([]);
    // What was approved stays what the leaders read after the reopen, until approved again.
    const signed = await db().reviewedCheckIn.findMany({ where: { reportId: report.id } });
    expect(signed.map((c) => [c.actualValue?.toString(), c.deviationCause])).toEqual([["99", "EQUIPMENT"]]);
  });
});

describe("an indicator's history", () => {
  it("lists its check-ins oldest first with time progress, for readers of the project only", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const i = await appIndicators();
    for (const [month, actual] of [[3, "60"], [4, "90"]] as const) {
      await saveCheckIns(db(), actor, { year: 2025, month, rows: [{ indicatorId: i.users.id, actual, likelihood: "CERTAIN" }] }, { now });
    }
    const history = await indicatorHistory(db(), actor, i.users.id);
    // Earlier tests in this file saved June and August: all four, oldest first.
    expect(history.points.map((p) => [p.asOfDate, p.actual, p.timeProgress])).toEqual([
      ["2025-03-31", "60", "24.66"],
      ["2025-04-30", "90", "32.88"],
      ["2025-06-30", "125", "49.59"],
      ["2025-08-31", "160", "66.58"],
    ]);
    expect(history.target).toBe("= 240 万");
    const { actor: other } = await makeUser(db(), "REPORTER", "309001");
    await expect(indicatorHistory(db(), other, i.users.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A leader reads what was reviewed (none of these months is approved), or everything with drafts, marked.
    const { actor: leader } = await makeUser(db(), "LEADER");
    expect((await indicatorHistory(db(), leader, i.users.id)).points).toHaveLength(0);
    const withDrafts = await indicatorHistory(db(), leader, i.users.id, { drafts: true });
    expect(withDrafts.points.map((p) => [p.actual, p.draft, p.reportStatus])).toEqual([["60", true, "草稿"], ["90", true, "草稿"], ["125", true, "草稿"], ["160", true, "草稿"]]);
  });
});

describe("qualitative targets", () => {
  it("accepts a value on the target's scale and names the choices when it is not", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const quality = await db().indicator.findFirstOrThrow({ where: { name: "驻村工作成效" } });
    const wrong = await saveCheckIns(db(), actor, { year: 2025, month: 6, rows: [{ indicatorId: quality.id, actual: "很好", likelihood: "CERTAIN" }] }, { now });
    expect(wrong.errors[quality.id]?.actual).toMatch(/^实际完成值“很好”不是可选值（可选：良好、/);
    const ok = await saveCheckIns(db(), actor, { year: 2025, month: 6, rows: [{ indicatorId: quality.id, actual: "良好", likelihood: "CERTAIN" }] }, { now });
    expect(ok.saved).toBe(1);
    expect((await db().checkIn.findFirstOrThrow({ where: { indicatorId: quality.id } })).actualText).toBe("良好");
  });
});

describe("the first saves of a month", () => {
  it("create its report once when they arrive together (no unique-violation 500)", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309002");
    const i = await appIndicators();
    const results = await Promise.all(
      [[i.users, "40"], [i.repair, "100"]].map(([indicator, actual]) => saveCheckIns(db(), actor, { year: 2025, month: 5, rows: [{ indicatorId: (indicator as { id: string }).id, actual, likelihood: "CERTAIN", deviationCause: "OTHER", correctiveAction: "加大推广力度" }] }, { now })),
    );
    expect(results).toEqual([{ saved: 1, cleared: 0, errors: {}, conflicts: [] }, { saved: 1, cleared: 0, errors: {}, conflicts: [] }]);
    const reports = await db().monthlyReport.findMany({ where: { month: 5, unit: { code: "309002" } }, include: { _count: { select: { checkIns: true } } } });
    expect(reports.map((r) => r._count.checkIns)).toEqual([2]);
  });
});
