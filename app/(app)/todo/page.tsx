import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { ReminderForm, ReminderReadButton } from "@/app/(app)/todo/_components/reminder-actions";
import { can } from "@/lib/auth/policy";
import { requirePage } from "@/app/session";
import { db } from "@/lib/db/client";
import { defaultReminderText, sentReminders } from "@/lib/deadlines/reminders";
import { dueText } from "@/lib/deadlines/rules";
import { todoList, type TodoItem } from "@/lib/deadlines/todo";
import { dateInChina } from "@/lib/calendar";

export const metadata: Metadata = { title: "待办" };

const KIND_LABELS: Record<TodoItem["kind"], string> = {
  FILL: "月度填报",
  RETURNED: "被退回",
  REVIEW: "待审核",
  EVALUATE: "绩效自评",
  EVALUATION_RETURNED: "自评被退回",
  EVALUATION_REVIEW: "自评待审核",
  REMINDER: "催办",
  LATE_UNIT: "逾期单位",
};

function Due({ item }: { item: TodoItem }) {
  if (!item.due) return null;
  return <span className={`text-sm whitespace-nowrap ${item.due.overdue ? "font-medium text-red-700" : "text-slate-700"}`} data-overdue={item.due.overdue}>{dueText(item.due)}</span>;
}

function Item({ item }: { item: TodoItem }) {
  const overdue = item.due?.overdue ?? false;
  const anchor = item.reminderId ? `reminder-${item.reminderId}` : undefined;
  return (
    <li id={anchor} data-kind={item.kind} className={`space-y-1 rounded-lg border bg-white p-3 ${item.kind === "REMINDER" ? "border-brand-600" : overdue ? "border-red-300" : "border-slate-200"}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className={`rounded px-1.5 py-0.5 text-xs ${overdue ? "bg-red-100 text-red-800" : item.kind === "REMINDER" ? "bg-brand-100 text-brand-900" : "bg-slate-100 text-slate-800"}`}>{KIND_LABELS[item.kind]}{overdue ? " · 已逾期" : ""}</span>
        {item.kind === "REMINDER" ? <span className="font-medium">{item.title}</span> : <Link href={item.href} className="font-medium text-brand-700 underline">{item.title}</Link>}
        <Due item={item} />
      </div>
      {item.detail && <p className="text-sm text-slate-700">{item.detail}</p>}
      {item.comment && (
        <p className={`rounded-md px-2 py-1 text-sm ${item.kind === "REMINDER" ? "bg-brand-50 text-slate-900" : "border border-amber-300 bg-amber-50 text-amber-950"}`} data-comment>
          {item.kind === "REMINDER" ? "" : `审核意见${item.by ? `（${item.by}）` : ""}：`}
          {item.comment}
        </p>
      )}
      {item.reminderId && <ReminderReadButton reminderId={item.reminderId} />}
    </li>
  );
}

export default async function TodoPage() {
  const actor = await requirePage("open:/todo");
  const list = await load(() => todoList(db(), actor));
  const leader = can(actor, "todo.units");
  const sent = leader ? await sentReminders(db(), actor, 10) : [];
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-bold">待办</h1>
        <p id="todo-summary" className="mt-1 text-sm text-slate-700">
          {list.today} · {leader ? `${list.items.length} 个单位有逾期事项` : `共 ${list.items.length} 项${list.overdue > 0 ? `，其中 ${list.overdue} 项已逾期` : ""}`}
          {can(actor, "open:/admin/notifications") && <> · <Link href="/admin/notifications" className="text-brand-700 underline">设置填报期限与通知</Link></>}
        </p>
      </div>
      {list.items.length === 0 && (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-700">{leader ? "各单位没有逾期的填报、审核或自评。" : "暂无待办事项。"}</p>
      )}
      {!leader && list.items.length > 0 && <ul id="todo-list" className="space-y-2">{list.items.map((item) => <Item key={item.key} item={item} />)}</ul>}
      {leader && list.items.length > 0 && (
        <ul id="late-units" className="space-y-3">
          {list.items.map((item) => {
            const u = item.unit!;
            return (
              <li key={item.key} id={`unit-${u.unitId}`} className="space-y-2 rounded-lg border border-red-300 bg-white p-4">
                <h2 className="text-lg font-semibold">
                  <Link href={`/units/${u.unitId}`} className="text-brand-700 hover:underline">{u.code} {u.name}</Link>
                  <span className="ml-2 text-sm font-normal text-red-700">{u.overdue} 项逾期</span>
                </h2>
                <ul className="list-disc space-y-0.5 pl-5 text-sm">
                  {u.reports.map((r) => <li key={`r${r.year}-${r.month}`}>{r.year} 年 {r.month} 月进展{r.status === "RETURNED" ? "被退回后" : ""}未提交，<span className="text-red-700">{dueText(r.due)}</span></li>)}
                  {u.reviews.map((r) => <li key={`v${r.year}-${r.month}`}>{r.year} 年 {r.month} 月填报已提交未审核，<span className="text-red-700">{dueText(r.due)}</span></li>)}
                  {u.evaluations.length > 0 && <li>绩效自评未完成：{u.evaluations.map((e) => e.name).join("、")}，<span className="text-red-700">{dueText(u.evaluations[0]!.due)}</span></li>}
                </ul>
                {u.projects.length > 0 && (
                  <details>
                    <summary className="cursor-pointer text-sm">{u.projects[0]!.month} 月有指标未填报的项目（{u.projects.length} 个）</summary>
                    <ul className="mt-1 list-disc pl-5 text-sm">
                      {u.projects.map((p) => <li key={p.id}><Link href={`/projects/${p.id}`} className="text-brand-700 hover:underline">{p.name}</Link>：已填 {p.reported}/{p.indicators} 个指标</li>)}
                    </ul>
                  </details>
                )}
                <p className="text-xs text-slate-600">{u.lastReminder ? `上次催办：${dateInChina(u.lastReminder)}` : "尚未催办"}</p>
                <ReminderForm unitId={u.unitId} unitName={u.name} defaultText={defaultReminderText(u)} />
              </li>
            );
          })}
        </ul>
      )}
      {leader && (
        <section aria-labelledby="sent-heading" className="space-y-2">
          <h2 id="sent-heading" className="text-lg font-semibold">最近的催办</h2>
          {sent.length === 0 ? <p className="text-sm text-slate-600">还没有发送过催办。</p> : (
            <ul className="space-y-1 text-sm">
              {sent.map((r) => <li key={r.id}><span className="text-slate-600">{dateInChina(r.at)} {r.by} → {r.unit}：</span>{r.message}<span className="ml-1 text-xs text-slate-600">（{r.reads} 人已读）</span></li>)}
            </ul>
          )}
        </section>
      )}
      <p className="text-xs text-slate-600">期限：每月的填报在次月 {list.settings.reportDueDay} 日（含）前提交，审核在次月 {list.settings.reviewDueDay} 日（含）前完成；年度绩效自评在次年 {list.settings.evaluationDueMonth} 月 {list.settings.evaluationDueDay} 日（含）前完成。按北京时间计算，截止日 24 时后即为逾期。</p>
    </div>
  );
}
