import { env } from "@/lib/env";
import type { DepartmentLateness } from "@/lib/deadlines/lateness";
import { dueText } from "@/lib/deadlines/rules";
import type { NotifyMessage } from "./format";

// The messages the application posts to a department's work chat. Each names the department and what
// happened, in one title and a few lines, with a link into the application when its address is known
// (NEXTAUTH_URL: the address people type in their browsers).

type Department = { code: string; name: string };
type Unit = { code: string; name: string };

/** Only the department's code and name go out (a message never carries internal ids). */
const named = (d: Department): Department => ({ code: d.code, name: d.name });

function link(path: string): string | null {
  const base = env().NEXTAUTH_URL;
  return base ? new URL(path, base).toString() : null;
}

/** The daily digest: every unit with something overdue, and what. */
export function digestMessage(department: Department, late: DepartmentLateness): NotifyMessage | null {
  const units = late.units.filter((u) => u.overdue > 0);
  if (units.length === 0) return null;
  const lines = units.flatMap((u) => [
    ...u.reports.map((r) => `${u.name}：${r.year} 年 ${r.month} 月进展未提交，${dueText(r.due)}`),
    ...u.reviews.map((r) => `${u.name}：${r.year} 年 ${r.month} 月填报未审核，${dueText(r.due)}`),
    ...(u.evaluations.length > 0 ? [`${u.name}：${u.evaluations.length} 个项目的绩效自评逾期（截止 ${u.evaluations[0]!.due.due}）`] : []),
  ]);
  return { event: "digest", title: `${late.today} 逾期事项：${units.length} 个单位共 ${lines.length} 项`, lines, link: link("/todo"), department: named(department) };
}

const DECISIONS = { return: "已退回", approve: "已审核通过" } as const;

/** A month's report returned or approved. */
export function reportDecisionMessage(department: Department, unit: Unit, year: number, month: number, decision: "return" | "approve", by: string, comment: string | null): NotifyMessage {
  return {
    event: `report.${decision}`,
    title: `${unit.name} ${year} 年 ${month} 月填报${DECISIONS[decision]}`,
    lines: [`审核人：${by}`, ...(comment ? [`${decision === "return" ? "退回原因" : "审核意见"}：${comment}`] : [])],
    link: link(`/progress?year=${year}&month=${month}`),
    department: named(department),
  };
}

/** A project's self-evaluation returned or approved. */
export function evaluationDecisionMessage(department: Department, unit: Unit, project: { id: string; name: string }, decision: "return" | "approve", by: string, comment: string | null, figures?: { total: string; grade: string }): NotifyMessage {
  return {
    event: `selfEvaluation.${decision}`,
    title: `${unit.name}「${project.name}」绩效自评${DECISIONS[decision]}`,
    lines: [`审核人：${by}`, ...(figures ? [`自评得分 ${figures.total}，等级 ${figures.grade}`] : []), ...(comment ? [`${decision === "return" ? "退回原因" : "审核意见"}：${comment}`] : [])],
    link: link(`/projects/${project.id}/evaluation`),
    department: named(department),
  };
}

export function reminderMessage(department: Department, unit: Unit, by: string, text: string): NotifyMessage {
  return { event: "reminder", title: `催办 ${unit.code} ${unit.name}`, lines: [`${by}：${text}`], link: link("/todo"), department: named(department) };
}

export function testMessage(department: Department, by: string): NotifyMessage {
  return { event: "test", title: "测试消息", lines: [`${by} 在“填报期限与通知”页面发送了这条测试消息。收到即说明通知设置正确。`], link: link("/admin/notifications"), department: named(department) };
}
