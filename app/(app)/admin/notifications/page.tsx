import type { Metadata } from "next";
import { load } from "@/app/guard";
import { DeadlineForm } from "@/app/(app)/admin/notifications/_components/deadline-form";
import { WebhookForm } from "@/app/(app)/admin/notifications/_components/webhook-form";
import { requirePage } from "@/app/session";
import { chinaDateTime } from "@/lib/calendar";
import { db } from "@/lib/db/client";
import { loadDeadlines, requireDepartmentAdmin } from "@/lib/deadlines/settings";
import { webhookView } from "@/lib/notify/webhooks";
import { TableHead, Th } from "@/components/ui/table";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "填报期限与通知" };

const EVENT_LABELS: Record<string, string> = {
  digest: "每日逾期汇总",
  "report.return": "月度填报退回",
  "report.approve": "月度填报审核通过",
  "selfEvaluation.return": "绩效自评退回",
  "selfEvaluation.approve": "绩效自评审核通过",
  reminder: "催办",
  test: "测试消息",
};
const STATUS_LABELS: Record<string, string> = { PENDING: "待发送", SENT: "已发送", FAILED: "已放弃" };
const time = (d: Date | null) => (d ? chinaDateTime(d).slice(0, 16).replace("T", " ") : "—");

export default async function NotificationsPage() {
  const actor = await requirePage("open:/admin/notifications");
  const departmentId = await load(async () => requireDepartmentAdmin(actor));
  const [settings, webhook] = await Promise.all([loadDeadlines(db(), departmentId), webhookView(db(), actor)]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">填报期限与通知</h1>
      <Card padding="lg" aria-labelledby="deadlines-heading" className="space-y-3">
        <h2 id="deadlines-heading" className="text-lg font-semibold">填报与审核期限</h2>
        <p className="text-sm text-slate-700">每人的待办和“逾期”标记按这些期限计算（北京时间，截止日当天 24 时后即为逾期）。截止日只能选 1–28 日：29–31 日不是每个月都有。</p>
        <DeadlineForm settings={settings} />
      </Card>
      <Card padding="lg" aria-labelledby="webhook-heading" className="space-y-3">
        <h2 id="webhook-heading" className="text-lg font-semibold">工作群通知（可选）</h2>
        <p className="text-sm text-slate-700">
          企业微信、钉钉群机器人或任何接受 JSON 的地址。消息在后台发送，失败时自动重试（30 秒、2 分钟、10 分钟、30 分钟、2 小时后，共 6 次），不影响任何人的保存、提交和审核。
        </p>
        {webhook && (
          <div id="webhook-status" className={`rounded-md border p-3 text-sm ${webhook.failing ? "border-red-300 bg-red-50 text-red-900" : "border-slate-200 bg-slate-50"}`}>
            <p>状态：{webhook.enabled ? "已启用" : "已停用"} · 上次成功发送：{time(webhook.lastSuccessAt)} · 待发送 {webhook.pending} 条</p>
            {webhook.lastError && (
              <p id="webhook-last-error" className={webhook.failing ? "font-medium" : "text-slate-600"}>
                {webhook.failing ? "最近一次发送失败" : "此前的发送失败（之后已成功）"}（{time(webhook.lastErrorAt)}）：{webhook.lastError}
              </p>
            )}
          </div>
        )}
        <WebhookForm saved={webhook} />
        {webhook && webhook.deliveries.length > 0 && (
          <div className="overflow-x-auto">
            <table id="webhook-deliveries" className="stack-table w-full text-sm">
              <caption className="text-left text-sm font-medium">最近的消息</caption>
              <TableHead wrap>
                <tr><Th>时间</Th><Th>消息</Th><Th>状态</Th><Th>说明</Th></tr>
              </TableHead>
              <tbody className="divide-y divide-slate-100">
                {webhook.deliveries.map((d) => (
                  <tr key={d.id} data-status={d.status}>
                    <td data-label="时间" className="px-2 py-1 whitespace-nowrap tabular">{time(d.createdAt)}</td>
                    <td data-label="消息" className="px-2 py-1">{EVENT_LABELS[d.event] ?? d.event}<span className="block text-xs text-slate-600">{d.title}</span></td>
                    <td data-label="状态" className={`px-2 py-1 whitespace-nowrap ${d.status === "FAILED" ? "text-red-700" : d.status === "SENT" ? "text-green-800" : "text-amber-900"}`}>{STATUS_LABELS[d.status]}{d.attempts > 1 ? `（第 ${d.attempts} 次）` : ""}</td>
                    <td data-label="说明" className="px-2 py-1 text-xs text-slate-700">{d.status === "SENT" ? time(d.sentAt) : (d.lastError ?? "")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
