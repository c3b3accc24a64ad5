import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { departmentReview } from "@/lib/targets/review-report";
import { ActionButton } from "@/components/action-button";
import { YearSwitcher } from "@/components/year-switcher";
import { canEditTargets } from "@/lib/targets/indicators";
import { readYear } from "@/lib/fiscal-years";
import { visibleYears } from "@/lib/projects/queries";
import { setTargetsLockedAction } from "./actions";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "目标审核" };

const SEVERITY = { error: ["错误", "bg-red-100 text-red-800"], warning: ["提示", "bg-amber-100 text-amber-800"], info: ["建议", "bg-slate-100 text-slate-700"] } as const;

export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ dept?: string; year?: string }> }) {
  const params = await searchParams;
  const { dept } = params;
  const actor = await requireActor();
  const report = await load(() => departmentReview(db(), actor, { departmentId: dept, year: readYear(params.year) }));
  const years = report.department ? await visibleYears(db(), actor, { departmentId: report.department.id, year: report.fiscalYear?.year }) : null;
  const exportable = can(actor, "table12.export") && report.fiscalYear;
  const withFindings = report.projects.filter((p) => p.findings.length > 0);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">目标审核</h1>
          <p className="mt-1 text-sm text-slate-600">
            {report.department ? `${report.department.code} ${report.department.name} · ${report.fiscalYear?.year} 年度 · ` : ""}
            按财政部门审核绩效目标时常见的退回理由逐项自动检查。
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
        {exportable && (
          <a href={`/api/targets/table12?dept=${report.department!.id}&year=${report.fiscalYear!.year}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50" title={report.counts.error > 0 ? "有审核错误时仍可导出，错误列在第一个工作表" : undefined}>导出表12（.xlsx）</a>
        )}
        {can(actor, "targets.lock") && report.fiscalYear && !report.fiscalYear.closed && (
          <ActionButton
            size="md"
            look={report.fiscalYear.locked ? "plain" : "primary"}
            label={report.fiscalYear.locked ? "解除目标锁定" : "批复并锁定本年度目标"}
            run={setTargetsLockedAction.bind(null, report.fiscalYear.id, !report.fiscalYear.locked)}
            success={report.fiscalYear.locked ? "已解除锁定：修改指标不再要求填写原因。" : "已批复并锁定：此后调整目标须填写原因，记入目标调整记录。"}
            confirm={
              report.fiscalYear.locked
                ? { title: `解除 ${report.fiscalYear.year} 年度目标锁定`, description: <p>解除后修改、新增、删除指标不再要求填写调整原因（仍记入审计日志）。通常只在批复有误时使用。</p>, confirmLabel: "确认解除锁定", danger: true }
                : { title: `批复并锁定 ${report.fiscalYear.year} 年度目标`, description: <p>锁定后，{report.department?.name ?? "本部门"}所有项目的绩效指标即为批复的目标：此后新增、修改、删除指标都须填写调整原因，记入“目标调整记录”和审计日志；已审核通过的绩效自评在目标变动时会标记“需要复核”。</p>, confirmLabel: "确认批复并锁定" }
            }
          />
        )}
        </div>
      </div>
      {years && <YearSwitcher years={years.years} current={years.current} path="/targets/review" params={params} />}

      <dl className="grid grid-cols-3 gap-3">
        {(["error", "warning", "info"] as const).map((s) => (
          <Card as="div" padding="sm" key={s}>
            <dt className="text-sm text-slate-500">{SEVERITY[s][0]}</dt>
            <dd className="text-2xl font-semibold tabular">{report.counts[s]}</dd>
          </Card>
        ))}
      </dl>

      {withFindings.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">没有发现问题。</p>
      ) : (
        withFindings.map((p) => (
          <Card key={p.id} aria-labelledby={`p-${p.id}`}>
            <h2 id={`p-${p.id}`} className="font-semibold">
              <Link href={`/projects/${p.id}`} className="text-brand-700 underline">{p.name}</Link>
              <span className="ml-2 text-sm font-normal text-slate-500">{p.unitName}</span>
              {report.fiscalYear?.draftedFromYear && canEditTargets(actor) && <Link href={`/projects/${p.id}/targets`} className="ml-2 text-sm font-normal text-brand-700 underline">编辑指标（对照 {report.fiscalYear.draftedFromYear} 年实际）</Link>}
            </h2>
            <ul className="mt-2 space-y-1.5 text-sm">
              {p.findings.map((f, i) => (
                <li key={i} className="flex gap-2">
                  <span className={`h-fit shrink-0 rounded px-1.5 py-0.5 text-xs ${SEVERITY[f.severity][1]}`}>{SEVERITY[f.severity][0]}</span>
                  <span>
                    <span className="mr-1 text-xs font-medium text-slate-500">【{f.rule}】</span>
                    {f.indicatorId ? (
                      <Link href={`/projects/${p.id}#indicator-${f.indicatorId}`} className="text-brand-700 underline">{f.indicatorName}</Link>
                    ) : null}
                    {f.indicatorId ? "：" : ""}
                    {f.message}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        ))
      )}

      <details className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <summary className="cursor-pointer font-medium">审核规则（{report.rules.length} 条）</summary>
        <ul className="mt-2 space-y-1">
          {report.rules.map((r) => (
            <li key={r.id}>
              <span className="font-medium">{r.title}</span>：{r.description}（本次 {r.count} 处）
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
