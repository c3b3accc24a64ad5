import { Fragment } from "react";
import { WARNING_LABELS } from "@/lib/budget/execution";
import type { MonitoringProject, MonitoringReport } from "@/lib/monitoring/report";
import { formatWan } from "@/lib/money";
import { DEVIATION_CAUSE_LABELS, LIKELIHOOD_LABELS, type DeviationCause, type Likelihood } from "@/lib/progress/check-in-schema";
import { STATUS_LABELS } from "@/lib/progress/status";

// The 绩效运行监控表 as HTML, in the layout of the workbook (lib/monitoring/xlsx.ts): the print page
// prints these on A4 landscape, header rows repeated on every page (thead), one project per page.
// Unlike the workbook, 一级 / 二级 are written on every row rather than merged: a browser never breaks a
// page inside merged rows, so one long merged group pushed a whole table to the next page.

const CAUSES = Object.keys(DEVIATION_CAUSE_LABELS) as DeviationCause[];
const LIKELIHOODS = Object.keys(LIKELIHOOD_LABELS) as Likelihood[];
const cell = "border border-slate-800 px-1 py-0.5";
const head = `${cell} bg-slate-100 font-medium`;
const percent = (v: string | null) => (v === null ? "—" : `${v}%`);

export function SignOff() {
  return (
    <div className="mt-4 grid grid-cols-3 gap-4 text-sm" data-sign-off>
      <span>填报人：＿＿＿＿＿＿</span>
      <span>审核人：＿＿＿＿＿＿</span>
      <span>单位负责人：＿＿＿＿＿＿</span>
      <span className="col-span-3 text-right">填报日期：＿＿＿＿年＿＿月＿＿日</span>
    </div>
  );
}

export function MonitoringProjectTable({ report, project: p }: { report: MonitoringReport; project: MonitoringProject }) {
  const e = p.execution;
  return (
    <article className="monitoring-sheet space-y-2" data-project={p.id}>
      <h2 className="text-center text-xl font-bold">项目支出绩效目标执行监控表</h2>
      <p className="text-center text-sm">（{report.year} 年 {report.period}）</p>
      <div className="flex flex-wrap justify-between gap-2 text-xs">
        <span>填报单位（盖章）：{p.unitCode} {p.unitName}</span>
        <span>截至 {report.asOf} · 金额单位：万元 · {report.basis}</span>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[960px] border-collapse text-xs">
          <tbody>
            <tr><th scope="row" className={head}>项目名称</th><td colSpan={15} className={cell}>{p.name}</td></tr>
            <tr>
              <th scope="row" className={head}>主管部门</th><td colSpan={7} className={cell}>{report.department.code} {report.department.name}</td>
              <th scope="row" colSpan={2} className={head}>实施单位</th><td colSpan={6} className={cell}>{p.unitCode} {p.unitName}</td>
            </tr>
            <tr>
              <th scope="rowgroup" rowSpan={2} className={head}>项目资金（万元）</th>
              <th colSpan={3} className={head}>年初预算数</th><th colSpan={2} className={head}>调整后预算数</th><th colSpan={3} className={head}>{report.period}执行数</th>
              <th colSpan={2} className={head}>执行率</th><th colSpan={2} className={head}>序时进度</th><th colSpan={3} className={head}>预警</th>
            </tr>
            <tr className="tabular">
              <td colSpan={3} className={`${cell} text-right`}>{formatWan(e.initialBudget)}</td><td colSpan={2} className={`${cell} text-right`}>{formatWan(e.adjustedBudget)}</td>
              <td colSpan={3} className={`${cell} text-right`} data-cell="spent">{formatWan(e.spent)}</td><td colSpan={2} className={`${cell} text-right`} data-cell="rate">{percent(e.executionRate)}</td>
              <td colSpan={2} className={`${cell} text-right`}>{percent(e.timeProgress)}</td><td colSpan={3} className={`${cell} text-center`}>{e.warning ? WARNING_LABELS[e.warning] : "—"}{e.overspent ? "（超预算）" : ""}</td>
            </tr>
            <tr><th scope="row" className={head}>年度总体目标</th><td colSpan={15} className={cell}>{p.annualGoal}</td></tr>
          </tbody>
        </table>
        {/* Only the indicator table's two header rows repeat on every printed page (thead). */}
        <table className="-mt-px w-full min-w-[960px] border-collapse text-xs">
          <thead>
            <tr>
              {["一级指标", "二级指标", "三级指标", "年度指标值", `${report.period}执行情况`, "全年预计完成情况"].map((h) => <th key={h} rowSpan={2} scope="col" className={head}>{h}</th>)}
              <th colSpan={5} scope="colgroup" className={head}>偏差原因分析</th>
              <th colSpan={3} scope="colgroup" className={head}>完成目标可能性</th>
              <th rowSpan={2} scope="col" className={head}>纠偏措施</th>
              <th rowSpan={2} scope="col" className={head}>备注</th>
            </tr>
            <tr>
              {CAUSES.map((c) => <th key={c} scope="col" className={`${head} w-10`}>{DEVIATION_CAUSE_LABELS[c]}</th>)}
              {LIKELIHOODS.map((l) => <th key={l} scope="col" className={`${head} w-10`}>{LIKELIHOOD_LABELS[l]}</th>)}
            </tr>
          </thead>
          <tbody>
            {p.indicators.length === 0 && <tr><td colSpan={16} className={`${cell} text-center`}>（该项目没有绩效指标）</td></tr>}
            {p.indicators.map((i) => (
              <tr key={i.id} data-indicator={i.name} data-highlight={i.highlight || undefined} className={i.highlight ? "bg-orange-100" : undefined}>
                <td className={`${cell} text-center`}>{i.level1}</td>
                <td className={`${cell} text-center`}>{i.category}</td>
                <td className={cell}>{i.name}</td>
                <td className={`${cell} text-center`}>{i.target}</td>
                <td className={`${cell} text-center`}>{i.actual ?? ""}</td>
                <td className={`${cell} text-center`}>{i.forecast ?? ""}</td>
                {CAUSES.map((c) => <td key={c} className={`${cell} text-center`}>{i.deviationCause === c ? "√" : ""}</td>)}
                {LIKELIHOODS.map((l) => <td key={l} className={`${cell} text-center`}>{i.likelihood === l ? "√" : ""}</td>)}
                <td className={cell}>{i.correctiveAction ?? ""}</td>
                <td className={cell}>{[STATUS_LABELS[i.status], i.likelihoodDerived ? "已完成，视为确定能" : "", i.missing.join("、")].filter(Boolean).join("；")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SignOff />
    </article>
  );
}

export function MonitoringSummaryTable({ report, projectHref }: { report: MonitoringReport; projectHref?: (id: string) => string }) {
  const t = report.totals;
  return (
    <div className="overflow-x-auto">
      <table id="monitoring-summary" className="w-full min-w-[760px] border-collapse text-xs">
        <thead>
          <tr>
            {["序号", "实施单位", "项目名称"].map((h) => <th key={h} rowSpan={2} scope="col" className={head}>{h}</th>)}
            <th colSpan={4} scope="colgroup" className={head}>项目资金（万元）</th>
            <th rowSpan={2} scope="col" className={head}>预警</th>
            <th colSpan={6} scope="colgroup" className={head}>绩效指标（个）</th>
            <th rowSpan={2} scope="col" className={head}>需关注</th>
            <th rowSpan={2} scope="col" className={head}>缺项</th>
          </tr>
          <tr>
            {["年初预算数", "调整后预算数", `${report.period}执行数`, "执行率", "合计", ...(["COMPLETED", "ON_TRACK", "AT_RISK", "BEHIND", "NOT_REPORTED"] as const).map((s) => STATUS_LABELS[s])].map((h) => <th key={h} scope="col" className={head}>{h}</th>)}
          </tr>
        </thead>
        <tbody className="tabular">
          {report.projects.map((p, n) => {
            const count = (s: string) => p.indicators.filter((i) => i.status === s).length;
            return (
              <tr key={p.id} data-project={p.name} data-highlight={p.highlight || undefined} className={p.highlight ? "bg-orange-100" : undefined}>
                <td className={`${cell} text-center`}>{n + 1}</td>
                <td className={cell}>{p.unitName}</td>
                <td className={cell}>{projectHref ? <a href={projectHref(p.id)} className="text-brand-700 underline">{p.name}</a> : p.name}</td>
                <td className={`${cell} text-right`}>{formatWan(p.execution.initialBudget)}</td>
                <td className={`${cell} text-right`}>{formatWan(p.execution.adjustedBudget)}</td>
                <td className={`${cell} text-right`}>{formatWan(p.execution.spent)}</td>
                <td className={`${cell} text-right`}>{percent(p.execution.executionRate)}</td>
                <td className={`${cell} text-center whitespace-nowrap`}>{p.execution.warning ? WARNING_LABELS[p.execution.warning] : "—"}</td>
                <td className={`${cell} text-center`}>{p.indicators.length}</td>
                {(["COMPLETED", "ON_TRACK", "AT_RISK", "BEHIND", "NOT_REPORTED"] as const).map((s) => <td key={s} className={`${cell} text-center`}>{count(s)}</td>)}
                <td className={`${cell} text-center`}>{p.flagged}</td>
                <td className={`${cell} text-center`}>{p.indicators.filter((i) => i.missing.length > 0).length}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr className="font-medium">
            <th scope="row" colSpan={3} className={head}>合计</th>
            <td className={`${head} text-right`}>{formatWan(t.initialBudget)}</td>
            <td className={`${head} text-right`}>{formatWan(t.adjustedBudget)}</td>
            <td className={`${head} text-right`}>{formatWan(t.spent)}</td>
            <td className={`${head} text-right`}>{percent(t.executionRate)}</td>
            <td className={head} />
            <td className={`${head} text-center`}>{report.projects.reduce((n, p) => n + p.indicators.length, 0)}</td>
            {(["COMPLETED", "ON_TRACK", "AT_RISK", "BEHIND", "NOT_REPORTED"] as const).map((s) => <td key={s} className={`${head} text-center`}>{report.projects.reduce((n, p) => n + p.indicators.filter((i) => i.status === s).length, 0)}</td>)}
            <td className={`${head} text-center`}>{report.projects.reduce((n, p) => n + p.flagged, 0)}</td>
            <td className={`${head} text-center`}>{report.missing.length}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function MissingList({ report }: { report: MonitoringReport }) {
  if (report.missing.length === 0) return <p id="monitoring-missing" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">所有指标都有已审核的完成值、完成目标可能性，需要说明的都已填写偏差原因和纠偏措施。</p>;
  const byProject = new Map<string, typeof report.missing>();
  for (const m of report.missing) byProject.set(m.projectName, [...(byProject.get(m.projectName) ?? []), m]);
  return (
    <section id="monitoring-missing" aria-labelledby="missing-heading" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <h2 id="missing-heading" className="font-semibold">导出前请核对：{report.missing.length} 个指标缺少监控表要填的内容</h2>
      <p>监控表只用审核通过的填报。请在“我的填报”中补充后提交、审核通过，再导出；也可以先导出，缺项在表中留空并在备注中注明。</p>
      <details open={report.missing.length <= 15}>
        <summary className="cursor-pointer">逐项列出</summary>
        <ul className="mt-1 space-y-1">
          {[...byProject.entries()].map(([project, items]) => (
            <li key={project}>
              <span className="font-medium">{items[0]!.unitName} · {project}</span>
              <ul className="list-disc pl-5">
                {items.map((m) => <Fragment key={m.indicator}><li>{m.indicator}：{m.what.join("、")}</li></Fragment>)}
              </ul>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
