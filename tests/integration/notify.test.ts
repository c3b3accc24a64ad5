import { afterAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { saveDeadlines } from "@/lib/deadlines/settings";
import { decideEvaluation } from "@/lib/evaluation/service";
import { claimDue, enqueueDigests, forgetDigests, MAX_ATTEMPTS, runNotifications } from "@/lib/notify/outbox";
import { queueTestMessage, saveWebhook, webhookView } from "@/lib/notify/webhooks";
import { reviewReport } from "@/lib/progress/reports";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { closedAddress, setupWebhookReceiver } from "../support/webhook-receiver";

// Outbound notifications against a local HTTP receiver this test starts on 127.0.0.1 (never an outside
// address): the body of each format, retries with back-off, timeouts and refusals recorded where the
// settings page shows them, the daily digest once a day, and two workers never sending one message twice.

vi.stubEnv("NEXTAUTH_URL", "https://jx.example.gov.cn");
afterAll(() => vi.unstubAllEnvs());

const db = setupTestDb();

const receiver = setupWebhookReceiver();
const { received, answers } = receiver;

const beijing = (local: string) => new Date(`${local}+08:00`);
/** One pass of the worker at `at`, without the daily digest (tested on its own below). */
const send = (at: Date, options: { timeoutMs?: number } = {}) => runNotifications(db(), { now: () => at, timeoutMs: options.timeoutMs ?? 2_000, digests: false });
const webhookInput = (format: string, extra: object = {}) => ({ url: `${receiver.base()}/hook/${format}`, format, secret: "", clearSecret: false, enabled: true, digestHour: 9, ...extra });

let month = 0;
/** A submitted month of 309001 (a new month each time), returned or approved by the reviewer through the workflow. */
async function decide(reviewer: Actor, decision: "return" | "approve", comment: string) {
  month += 1;
  const unit = await db().unit.findUniqueOrThrow({ where: { code: "309001" } });
  const year = await db().fiscalYear.findFirstOrThrow({ where: { year: 2025 } });
  const report = await db().monthlyReport.create({ data: { unitId: unit.id, fiscalYearId: year.id, month, status: "SUBMITTED", submittedAt: new Date() } });
  await reviewReport(db(), reviewer, report.id, decision, comment, { confirmIncomplete: true });
  return month;
}

describe("work-chat webhooks", () => {
  it("refuses an address that is not http(s) and an hour outside 0–23 in words, writing nothing; the secret never reaches the audit trail", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: leader } = await makeUser(db(), "LEADER");
    await expect(saveWebhook(db(), admin, webhookInput("WECOM_TEXT", { url: "ftp://10.0.0.1/hook" }))).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { url: "地址须以 http:// 或 https:// 开头（现为 ftp:）" } });
    await expect(saveWebhook(db(), admin, webhookInput("WECOM_TEXT", { digestHour: 24 }))).rejects.toMatchObject({ fieldErrors: { digestHour: "每日汇总的发送时间应为 0–23 点的整数" } });
    await expect(saveWebhook(db(), admin, webhookInput("SLACK"))).rejects.toMatchObject({ fieldErrors: { format: "请选择消息格式" } });
    await expect(saveWebhook(db(), leader, webhookInput("WECOM_TEXT"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(queueTestMessage(db(), admin)).rejects.toMatchObject({ message: "请先保存并启用 Webhook 地址，再发送测试消息。" });
    expect(await db().webhook.count()).toBe(0);
    await saveWebhook(db(), admin, webhookInput("JSON", { secret: "s3cret-key" }));
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "webhook.change" } });
    expect(JSON.stringify(audit.after)).not.toContain("s3cret-key");
    expect(audit.after).toMatchObject({ format: "JSON", secret: "已设置" });
    // Saving again without a secret keeps it; clearing removes it.
    await saveWebhook(db(), admin, webhookInput("JSON"));
    expect((await webhookView(db(), admin))!.hasSecret).toBe(true);
    await saveWebhook(db(), admin, webhookInput("JSON", { clearSecret: true }));
    expect((await webhookView(db(), admin))!.hasSecret).toBe(false);
  });

  it("posts each format's body for a return and an approval; nothing is sent during the decision itself", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309001");
    // Queued now, sent a minute later (the digest's clock is tested below).
    const at = new Date(Date.now() + 60_000);
    const bodies: Record<string, unknown> = {};
    for (const format of ["WECOM_TEXT", "WECOM_MARKDOWN", "DINGTALK_TEXT", "DINGTALK_MARKDOWN", "JSON"]) {
      await saveWebhook(db(), admin, webhookInput(format, format === "DINGTALK_TEXT" ? { secret: "SECdemo" } : {}));
      received.length = 0;
      const m = await decide(reviewer, "return", "组织项目验收数量与验收报告不符");
      expect(received, "the decision itself never calls the webhook").toHaveLength(0);
      expect(await send(at)).toMatchObject({ sent: 1, retried: 0, failed: 0 });
      expect(received).toHaveLength(1);
      expect(received[0]!.path).toBe(`/hook/${format}`);
      expect(received[0]!.headers["content-type"]).toBe("application/json; charset=utf-8");
      bodies[format] = JSON.parse(received[0]!.body);
      if (format === "DINGTALK_TEXT") {
        expect(received[0]!.query.get("timestamp")).toBe(String(at.getTime()));
        expect(received[0]!.query.get("sign")).toMatch(/^[A-Za-z0-9+/]+=*$/);
      }
      if (format === "JSON") expect(received[0]!.headers["x-jixiao-event"]).toBe("report.return");
      expect(m).toBeGreaterThan(0);
    }
    const title = (m: number) => `柳州市大数据发展局 2025 年 ${m} 月填报已退回`;
    const link = (m: number) => `https://jx.example.gov.cn/progress?year=2025&month=${m}`;
    expect(bodies.WECOM_TEXT).toEqual({ msgtype: "text", text: { content: `【绩效通】柳州市大数据发展局：${title(1)}\n审核人：测试REVIEWER\n退回原因：组织项目验收数量与验收报告不符\n查看：${link(1)}` } });
    expect(bodies.WECOM_MARKDOWN).toEqual({ msgtype: "markdown", markdown: { content: `### ${title(2)}\n> 309 柳州市大数据发展局\n- 审核人：测试REVIEWER\n- 退回原因：组织项目验收数量与验收报告不符\n[在绩效通中查看](${link(2)})` } });
    expect(bodies.DINGTALK_TEXT).toEqual({ msgtype: "text", text: { content: `【绩效通】柳州市大数据发展局：${title(3)}\n审核人：测试REVIEWER\n退回原因：组织项目验收数量与验收报告不符\n查看：${link(3)}` } });
    expect(bodies.DINGTALK_MARKDOWN).toEqual({ msgtype: "markdown", markdown: { title: title(4), text: `### ${title(4)}\n> 309 柳州市大数据发展局\n- 审核人：测试REVIEWER\n- 退回原因：组织项目验收数量与验收报告不符\n[在绩效通中查看](${link(4)})` } });
    expect(bodies.JSON).toEqual({ source: "jixiao", event: "report.return", title: title(5), text: `【绩效通】柳州市大数据发展局：${title(5)}\n审核人：测试REVIEWER\n退回原因：组织项目验收数量与验收报告不符\n查看：${link(5)}`, lines: ["审核人：测试REVIEWER", "退回原因：组织项目验收数量与验收报告不符"], link: link(5), department: { code: "309", name: "柳州市大数据发展局" }, sentAt: at.toISOString() });

    // An approval, and the record of what was sent.
    received.length = 0;
    const approved = await decide(reviewer, "approve", "");
    await send(at);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ event: "report.approve", title: `柳州市大数据发展局 2025 年 ${approved} 月填报已审核通过`, lines: ["审核人：测试REVIEWER"] });
    const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { event: "report.approve" } });
    expect(delivery).toMatchObject({ status: "SENT", attempts: 1, lastError: null });
    expect(delivery.body).toMatchObject({ event: "report.approve" });
  });

  it("retries a failing webhook with back-off, shows the last error on the settings page, and never fails the decision", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309001");
    await saveWebhook(db(), admin, webhookInput("WECOM_TEXT"));
    const t0 = new Date(Date.now() + 120_000); // after the previous test's success

    const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

    // HTTP 500, then 企业微信's own refusal, then a slow answer, then success.
    answers.push({ status: 500, body: "boom" }, { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }, { status: 200, body: '{"errcode":0}', delayMs: 3_000 });
    received.length = 0;
    await decide(reviewer, "return", "请补充佐证材料");
    expect(await send(t0)).toMatchObject({ sent: 0, retried: 1 });
    let d = await db().webhookDelivery.findFirstOrThrow({ where: { status: { not: "SENT" } } });
    expect(d).toMatchObject({ status: "PENDING", attempts: 1, lastError: "第 1 次发送失败：对方返回 HTTP 500：boom，30 秒后重试" });
    let view = (await webhookView(db(), admin))!;
    expect(view).toMatchObject({ failing: true, lastError: "第 1 次发送失败：对方返回 HTTP 500：boom，30 秒后重试", pending: 1 });

    expect(await send(later(29))).toMatchObject({ sent: 0, retried: 0 }); // not due yet
    expect(await send(later(30))).toMatchObject({ retried: 1 });
    d = await db().webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(d.lastError).toBe("第 2 次发送失败：企业微信拒收，错误码 93000：invalid webhook url，120 秒后重试");
    expect(d.nextAttemptAt.getTime()).toBe(later(150).getTime());

    expect(await send(later(150), { timeoutMs: 1_000 })).toMatchObject({ retried: 1 });
    d = await db().webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(d.lastError).toBe("第 3 次发送失败：1 秒内未应答（超时），600 秒后重试");

    expect(await send(later(750))).toMatchObject({ sent: 1 });
    d = await db().webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(d).toMatchObject({ status: "SENT", attempts: 4, lastError: null });
    view = (await webhookView(db(), admin))!;
    expect(view.failing).toBe(false);
    expect(view.lastError).toContain("1 秒内未应答");
    expect(received).toHaveLength(4);
  });

  it("gives up after the last attempt; an unreachable address says so", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309001");
    await saveWebhook(db(), admin, webhookInput("JSON", { url: `${await closedAddress()}/hook` }));
    const started = Date.now();
    await decide(reviewer, "return", "退回测试");
    expect(Date.now() - started).toBeLessThan(5_000);
    let at = new Date(Date.now() + 1_000);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      await send(at);
      at = new Date(at.getTime() + 3 * 3600_000);
    }
    const d = await db().webhookDelivery.findFirstOrThrow({ where: { status: "FAILED" } });
    expect(d.attempts).toBe(MAX_ATTEMPTS);
    expect(d.lastError).toBe(`第 ${MAX_ATTEMPTS} 次发送失败：连接被拒绝：该地址和端口上没有服务（已放弃）`);
    expect(await send(at)).toMatchObject({ sent: 0, retried: 0, failed: 0 });
  });

  it("an evaluation's return is sent too", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309001");
    await saveWebhook(db(), admin, webhookInput("JSON"));
    const project = await db().project.findFirstOrThrow({ where: { unit: { code: "309001" } }, orderBy: { seq: "asc" } });
    await db().selfEvaluation.create({ data: { projectId: project.id, status: "SUBMITTED" } });
    received.length = 0;
    await decideEvaluation(db(), reviewer, project.id, "return", "请补充偏差原因分析");
    await send(new Date(Date.now() + 1_000));
    expect(JSON.parse(received.at(-1)!.body)).toMatchObject({ event: "selfEvaluation.return", title: `柳州市大数据发展局「${project.name}」绩效自评已退回`, lines: ["审核人：测试REVIEWER", "退回原因：请补充偏差原因分析"] });
  });

  it("a comment the JSON column cannot hold as typed (a lone surrogate, as a crafted request can carry) is queued with U+FFFD in its place, never failing the decision", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309001");
    await saveWebhook(db(), admin, webhookInput("JSON"));
    received.length = 0;
    await decide(reviewer, "return", "请补充\ud800佐证");
    await send(new Date(Date.now() + 1_000));
    expect(JSON.parse(received.at(-1)!.body)).toMatchObject({ event: "report.return", lines: ["审核人：测试REVIEWER", "退回原因：请补充\ufffd佐证"] });
  });

  it("queues the daily digest of overdue items once a day, from the digest hour, China time", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    await saveDeadlines(db(), admin, { reportDueDay: 5, reviewDueDay: 10, firstMonth: 6, evaluationDueMonth: 3, evaluationDueDay: 31 });
    await saveWebhook(db(), admin, webhookInput("WECOM_MARKDOWN", { digestHour: 9 }));
    forgetDigests();
    expect(await enqueueDigests(db(), beijing("2025-08-07T08:59:00"))).toBe(0);
    forgetDigests();
    expect(await enqueueDigests(db(), beijing("2025-08-07T09:00:00"))).toBe(1);
    forgetDigests(); // another instance: the dedupe key holds
    expect(await enqueueDigests(db(), beijing("2025-08-07T15:00:00"))).toBe(0);
    received.length = 0;
    await send(beijing("2025-08-07T09:00:30"));
    const content = (JSON.parse(received[0]!.body) as { markdown: { content: string } }).markdown.content;
    expect(content.split("\n")[0]).toMatch(/^### 2025-08-07 逾期事项：2 个单位共 \d+ 项$/);
    expect(content).toContain("- 柳州市信息化建设管理中心：2025 年 6 月进展未提交，已逾期 33 天（截止 2025-07-05）");
    expect(content).toContain("[在绩效通中查看](https://jx.example.gov.cn/todo)");
    forgetDigests();
    expect(await enqueueDigests(db(), beijing("2025-08-08T09:05:00"))).toBe(1);
  });

  it("two workers claiming at once never take the same message; a claimed message is retried when its lease ends", async () => {
    const webhook = await db().webhook.findFirstOrThrow();
    await db().webhookDelivery.updateMany({ where: { status: "PENDING" }, data: { status: "FAILED" } });
    await db().webhookDelivery.createMany({ data: Array.from({ length: 12 }, (_, n) => ({ webhookId: webhook.id, event: "test", message: { event: "test", title: `第 ${n} 条`, lines: [], link: null, department: { code: "309", name: "柳州市大数据发展局" } }, nextAttemptAt: new Date("2025-07-01T00:00:00Z") })) });
    const now = new Date("2025-07-06T00:00:00Z");
    const [a, b] = await Promise.all([claimDue(db(), now, 8), claimDue(db(), now, 8)]);
    const ids = [...a, ...b].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(12);
    expect(await claimDue(db(), new Date(now.getTime() + 59_000), 20)).toHaveLength(0);
    expect(await claimDue(db(), new Date(now.getTime() + 60_000), 20)).toHaveLength(12);
  });
});
