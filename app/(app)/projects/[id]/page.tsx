import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { ExecutionChart } from "@/components/charts/execution-chart";
import { Sparkline } from "@/components/charts/sparkline";
import { ExecutionFigures } from "@/components/dashboard/figures";
import { EvaluationCard } from "@/components/dashboard/projection";
import { projectFigure } from "@/lib/evaluation/records";
import { StatusBadge } from "@/components/status-badge";
import { AnnualGoalForm } from "@/app/(app)/projects/[id]/_components/annual-goal-form";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { canEditAnnualGoal } from "@/lib/projects/update-annual-goal";
import { getProjectDetail } from "@/lib/projects/detail";
import { formatDateTime } from "@/lib/format";
import { canEditTargets } from "@/lib/targets/indicators";
import { YearNote } from "@/components/year-switcher";
import { DataBasis, DraftMark } from "@/components/dashboard/data-basis";
import { DRAFTS_PARAM, draftsHref, includeDrafts } from "@/lib/progress/reviewed";
import { REVIEW_STATUS_LABELS } from "@/lib/review/workflow";
import { STATUS_LABELS } from "@/lib/progress/status";
import { TableHead, Th } from "@/components/ui/table";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "项目详情" };

export default async function ProjectPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const actor = await requireActor();
  const drafts = includeDrafts(actor, query[DRAFTS_PARAM]);
  const project = await load(() => getProjectDetail(db(), actor, id, { drafts }));
  // With drafts, the figure from reviewed check-ins too, to mark what drafts moved (lib/progress/reviewed.ts).
  const [figure, reviewedFigure] = await Promise.all([
    projectFigure(db(), project),
    project.reviewed ? projectFigure(db(), { ...project, evaluationIndicators: project.reviewed.evaluationIndicators }) : null,
  ]);
  const year = project.year;
  const open = year.state !== "closed";
  const history = project.history;

  return (
    <div className="space-y-6">
      <nav aria-label="位置" className="text-sm text-slate-500">
        <Link href="/projects" className="hover:underline">
          项目
        </Link>
        <span className="mx-2">/</span>
        <span>{project.name}</span>
      </nav>

      <header className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <p className="text-sm text-slate-500">
          {project.unitCode} {project.unitName} · {project.year.year} 年度
        </p>
        <h1 className="mt-1 text-xl font-bold text-slate-900 sm:text-2xl">{project.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          绩效状态（截至 {project.asOfDate}）：<StatusBadge status={project.status} />
          {project.reviewed && project.reviewed.status !== project.status && <DraftMark reviewed={STATUS_LABELS[project.reviewed.status]} />}
        </p>
        <p className="mt-1 text-sm text-slate-700">预算资金总额 {project.budgetWan} 万元 · 绩效指标 {project.indicatorCount} 个</p>
        <div className="mt-2">
          <DataBasis label={project.basis} drafts={drafts} href={(d) => draftsHref(`/projects/${project.id}`, query, d)} />
        </div>
      </header>

      <YearNote year={year} />
      <ExecutionFigures execution={project.execution} />
      <EvaluationCard figure={figure} reviewed={reviewedFigure} href={`/projects/${project.id}/evaluation`} />

      <Card padding="lg" aria-labelledby="goal-heading">
        <h2 id="goal-heading" className="text-lg font-semibold">
          年度绩效目标
        </h2>
        {canEditAnnualGoal(actor) && open ? (
          <AnnualGoalForm projectId={project.id} annualGoal={project.annualGoal} />
        ) : (
          <p className="mt-2 leading-7 whitespace-pre-wrap text-slate-700">{project.annualGoal}</p>
        )}
      </Card>

      <div className="flex flex-wrap justify-end gap-2">
        <Link href={`/projects/${project.id}/budget`} className="rounded-md border border-slate-300 bg-white px-4 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
          预算执行
        </Link>
        <Link href={`/projects/${project.id}/evaluation`} className="rounded-md border border-slate-300 bg-white px-4 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
          绩效自评
        </Link>
      {canEditTargets(actor) && open && (
          <Link href={`/projects/${project.id}/targets`} className="rounded-md border border-brand-600 bg-white px-4 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50">
            编辑绩效指标
          </Link>
      )}
      </div>

      {project.groups.map((group) => (
        <section key={group.level1} className="rounded-lg border border-slate-200 bg-white" aria-labelledby={`g-${group.level1}`}>
          <h2 id={`g-${group.level1}`} className="border-b border-slate-100 px-4 py-3 text-lg font-semibold sm:px-6">
            {group.label}
          </h2>
          <div className="overflow-x-auto">
            <table className="stack-table w-full text-sm">
              <TableHead wrap>
                <tr>
                  <Th className="w-20 whitespace-nowrap sm:w-28 sm:px-6">二级指标</Th>
                  <Th className="sm:px-4">三级指标</Th>
                  <Th numeric className="w-28 whitespace-nowrap sm:w-36 sm:px-4">指标值</Th>
                  <Th numeric className="w-28">最新完成值</Th>
                  <Th numeric className="w-20">完成率</Th>
                  <Th className="w-24">走势</Th>
                  <Th className="w-32">状态</Th>
                  <Th className="w-36">最近填报</Th>
                </tr>
              </TableHead>
              <tbody className="divide-y divide-slate-100">
                {group.categories.flatMap((c) =>
                  c.indicators.map((indicator, index) => (
                    <tr key={indicator.id} id={`indicator-${indicator.id}`} className="target:bg-amber-50">
                      {index === 0 && (
                        <th scope="row" rowSpan={c.indicators.length} className="block px-3 py-2 text-left align-top font-medium text-slate-700 sm:table-cell sm:px-6">
                          {c.category}
                        </th>
                      )}
                      <td data-label="三级指标" className="px-3 py-2 sm:px-4">
                        <Link href={`/indicators/${indicator.id}`} className="hover:text-brand-700 hover:underline">{indicator.name}</Link>
                      </td>
                      <td data-label="指标值" className="px-3 py-2 font-medium whitespace-nowrap tabular sm:px-4 sm:text-right">{indicator.target}</td>
                      <td data-label="最新完成值" className="px-3 py-2 tabular sm:text-right">
                        {indicator.latest?.actual ?? "—"}
                        {indicator.latest?.draft && <DraftMark />}
                        {indicator.latest && <span className="block text-xs whitespace-nowrap text-slate-600">截至 {indicator.latest.asOfDate}</span>}
                      </td>
                      <td data-label="完成率" className="px-3 py-2 tabular sm:text-right">{indicator.completionPercent === null ? "—" : `${indicator.completionPercent}%`}</td>
                      <td data-label="走势" className="px-3 py-2"><Sparkline values={indicator.trend} label={indicator.name} /></td>
                      <td data-label="状态" className="px-3 py-2">
                        <StatusBadge status={indicator.status} reason={indicator.statusReason} />
                        {indicator.reviewedStatus && indicator.reviewedStatus !== indicator.status && <DraftMark reviewed={STATUS_LABELS[indicator.reviewedStatus]} />}
                      </td>
                      <td data-label="最近填报" className="px-3 py-2 text-xs text-slate-600">{indicator.latest ? `${indicator.latest.by} · ${formatDateTime(indicator.latest.updatedAt)}` : "—"}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <Card padding="lg" aria-labelledby="spending-heading">
        <h2 id="spending-heading" className="text-lg font-semibold">支出进度</h2>
        <ExecutionChart series={project.series} />
      </Card>

      <Card padding="lg" aria-labelledby="checkins-heading">
        <h2 id="checkins-heading" className="text-lg font-semibold">最近填报</h2>
        {project.recentCheckIns.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">尚无填报记录。</p>
        ) : (
          <ol className="mt-3 space-y-2 text-sm">
            {project.recentCheckIns.map((c) => (
              <li key={c.id} className="border-l-2 border-slate-200 pl-3">
                <span className="text-slate-600 tabular">{c.asOfDate}</span>{" "}
                <Link href={`/indicators/${c.indicatorId}`} className="text-brand-700 underline">{c.indicatorName}</Link>：{c.actual || "—"}
                {c.draft && <DraftMark label={c.reportStatus ? REVIEW_STATUS_LABELS[c.reportStatus] : "草稿"} />}
                <span className="ml-2 text-xs text-slate-600">{c.by} · {formatDateTime(c.updatedAt)}{c.evidence > 0 && ` · 佐证 ${c.evidence} 份`}</span>
              </li>
            ))}
          </ol>
        )}
      </Card>

      <Card padding="lg" aria-labelledby="evidence-heading">
        <h2 id="evidence-heading" className="text-lg font-semibold">佐证材料<span className="ml-2 text-sm font-normal text-slate-600">{project.evidence.length} 份</span></h2>
        {project.evidence.length > 0 && (
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {project.evidence.map((e) => (
              <li key={e.id} className="flex flex-wrap justify-between gap-2 py-1.5">
                <a href={`/api/evidence/${e.id}`} className="text-brand-700 hover:underline">{e.fileName}</a>
                <span className="text-xs text-slate-600">{e.attachedTo} · {e.uploadedBy} · {formatDateTime(e.createdAt)} · {Math.max(1, Math.round(e.size / 1024))} KB</span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {history.length > 0 && (
        <Card padding="lg" aria-labelledby="history-heading">
          <h2 id="history-heading" className="text-lg font-semibold">目标调整记录</h2>
          <ol className="mt-3 space-y-2 text-sm">
            {history.map((h, index) => (
              <li key={index} className="border-l-2 border-slate-200 pl-3">
                <span className="text-slate-500 tabular">{formatDateTime(h.at)}</span> {h.username ?? "系统"}{" "}
                <span className={h.action.includes("targetChange") ? "font-medium text-amber-700" : "text-slate-700"}>{describeChange(h.action)}</span>{" "}
                {describeTarget(h.before)}
                {h.before && h.after ? " → " : ""}
                {describeTarget(h.after)}
                {h.reason && <span className="text-slate-600">（原因：{h.reason}）</span>}
              </li>
            ))}
          </ol>
        </Card>
      )}
    </div>
  );
}

function describeChange(action: string): string {
  const verb = action.endsWith("create") ? "新增" : action.endsWith("delete") ? "删除" : "修改";
  return action.includes("targetChange") ? `目标调整·${verb}` : `${verb}指标`;
}

function describeTarget(value: unknown): string {
  if (!value || typeof value !== "object") return "";
  const v = value as { category?: string; name?: string; target?: string };
  return `${v.category ?? ""}·${v.name ?? ""}（${v.target ?? ""}）`;
}
