import { YEAR_SOURCE_LABELS, type ImportPlan, type PlanChange } from "@/lib/targets/department-import";
import { TableBox, TableHead, Th } from "./ui/table";

const KIND = { added: ["新增", "bg-green-100 text-green-800"], changed: ["修改", "bg-amber-100 text-amber-800"], unchanged: ["不变", "bg-slate-100 text-slate-600"], removed: ["删除", "bg-red-100 text-red-800"] } as const;
const SEVERITY = { error: ["错误", "text-red-700"], warning: ["提示", "text-amber-700"], info: ["建议", "text-slate-600"] } as const;

export function ImportPlanView({ plan, committed }: { plan: ImportPlan; committed: boolean }) {
  const { deletions } = plan;
  return (
    <section aria-labelledby="plan-heading" className="space-y-4">
      <h2 id="plan-heading" className="text-lg font-semibold">
        {committed ? "导入完成" : "导入预览"}：{plan.department.code} {plan.department.name}
      </h2>
      <p id="plan-year" className="rounded-lg border-2 border-brand-600 bg-white px-4 py-3">
        <span className="text-3xl font-bold tabular">{plan.year} 年度</span>
        <span className="ml-3 text-sm text-slate-700">{committed ? "已导入到" : "将导入到"}该年度 · 依据：{YEAR_SOURCE_LABELS[plan.yearSource]}</span>
      </p>
      {deletions.confirmation && (
        <div id="plan-deletions" role="alert" className="rounded-lg border-2 border-red-300 bg-red-50 p-4 text-sm text-red-900">
          <h3 className="text-base font-semibold">
            {committed ? "已删除" : "将删除"}：{deletions.projects.length > 0 && `${deletions.projects.length} 个项目`}{deletions.projects.length > 0 && deletions.indicatorCount > 0 && "、"}{deletions.indicatorCount > 0 && `${deletions.indicatorCount} 个指标`}
          </h3>
          {deletions.projects.length > 0 && (
            <ul className="mt-2 list-disc pl-5">{deletions.projects.map((p) => <li key={`${p.unitCode}|${p.name}`}>项目“{p.name}”（{p.unitCode}，连同其 {p.indicators} 个指标）</li>)}</ul>
          )}
          {deletions.indicators.length > 0 && (
            <ul className="mt-2 list-disc pl-5">{deletions.indicators.map((i, n) => <li key={n}>{i.projectName} · 指标“{i.name}”<span className="ml-1 text-red-800/80">{i.raw}</span></li>)}</ul>
          )}
          {!committed && <p className="mt-2">表中没有这些内容，导入后它们将从系统中删除。请逐条核对；确需删除，勾选下方的“{deletions.confirmation}”后再确认导入。</p>}
        </div>
      )}
      <p id="plan-summary" className={`rounded-md px-3 py-2 text-sm ${committed ? "bg-green-50 text-green-800" : "bg-brand-50 text-brand-900"}`}>
        共 {plan.totals.projects} 个项目、{plan.totals.indicators} 个指标、预算 {plan.totals.budgetWan} 万元。
        {!plan.hasChanges ? "与系统中现有内容完全一致，无需导入。" : `新增 ${plan.totals.added} 个、修改 ${plan.totals.changed} 个、不变 ${plan.totals.unchanged} 个、删除 ${plan.totals.removed} 个项目。`}
        {plan.newUnits.length > 0 && ` 将新建单位：${plan.newUnits.map((u) => `${u.code} ${u.name}`).join("、")}。`}
      </p>
      {plan.problems.length > 0 && (
        <div className="rounded-lg border border-red-200 bg-white p-4">
          <h3 className="font-semibold">解析与导入问题（{plan.problems.length}）</h3>
          <ul id="plan-problems" className="mt-2 space-y-1 text-sm">
            {plan.problems.map((p, i) => (
              <li key={i}>
                <span className={`mr-2 font-medium ${SEVERITY[p.severity][1]}`}>{SEVERITY[p.severity][0]}</span>
                <span className="text-slate-500">{p.location}</span> {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.findings.length > 0 && (
        <div className="rounded-lg border border-amber-200 bg-white p-4">
          <h3 className="font-semibold">目标审核发现（{plan.findings.length}）</h3>
          <FindingList id="plan-findings" findings={plan.findings.filter((f) => f.severity !== "info")} />
          {plan.findings.some((f) => f.severity === "info") && (
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-slate-600">建议类（{plan.findings.filter((f) => f.severity === "info").length}）</summary>
              <FindingList findings={plan.findings.filter((f) => f.severity === "info")} />
            </details>
          )}
        </div>
      )}
      <TableBox>
        <table className="stack-table w-full text-sm">
          <caption className="sr-only">导入计划：各项目的变化</caption>
          <TableHead>
            <tr>
              <Th>变化</Th>
              <Th>单位</Th>
              <Th>项目</Th>
              <Th numeric>预算（万元）</Th>
              <Th>指标（增/改/同/删）</Th>
            </tr>
          </TableHead>
          <tbody className="divide-y divide-slate-100">
            {plan.projects.map((p, i) => (
              <tr key={i}>
                <td data-label="变化" className="px-3 py-2 align-top"><span className={`rounded px-1.5 py-0.5 text-xs whitespace-nowrap ${KIND[p.kind][1]}`}>{KIND[p.kind][0]}</span></td>
                <td data-label="单位" className="px-3 py-2 align-top whitespace-nowrap text-slate-600">{p.unitCode}</td>
                <td data-label="项目" className="px-3 py-2 align-top sm:min-w-[15rem]">
                  {p.name}
                  {p.changes.length > 0 && <ul className="mt-1 space-y-1 text-xs text-slate-700">{p.changes.map((c, j) => <ChangeItem key={j} change={c} />)}</ul>}
                </td>
                <td data-label="预算（万元）" className="px-3 py-2 text-right align-top tabular">{p.budgetWan}</td>
                <td data-label="指标增/改/同/删" className="px-3 py-2 align-top whitespace-nowrap tabular">{p.indicators.added}/{p.indicators.changed}/{p.indicators.unchanged}/{p.indicators.removed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </section>
  );
}

/** One difference: what changed, and the old and new text side by side (stacked on a phone). */
function ChangeItem({ change }: { change: PlanChange }) {
  if (change.before === undefined && change.after === undefined) return <li>• {change.what}</li>;
  return (
    <li data-change={change.what}>
      <span className="font-medium">• {change.what}</span>
      <div className="mt-0.5 grid gap-1 sm:grid-cols-2">
        {change.before !== undefined && <p className="rounded bg-red-50 px-2 py-1 whitespace-pre-wrap text-red-900"><span className="mr-1 text-[11px] text-red-700">原</span>{change.before}</p>}
        {change.after !== undefined && <p className="rounded bg-green-50 px-2 py-1 whitespace-pre-wrap text-green-900"><span className="mr-1 text-[11px] text-green-700">新</span>{change.after}</p>}
      </div>
    </li>
  );
}

function FindingList({ id, findings }: { id?: string; findings: ImportPlan["findings"] }) {
  return (
    <ul id={id} className="mt-2 space-y-1 text-sm">
      {findings.map((f, i) => (
        <li key={i}>
          <span className={`mr-2 font-medium ${SEVERITY[f.severity][1]}`}>{SEVERITY[f.severity][0]}</span>
          <span className="mr-1 text-xs font-medium text-slate-500">【{f.rule}】</span>
          <span className="text-slate-500">{f.projectName}{f.indicatorName ? ` · ${f.indicatorName}` : ""}</span> {f.message}
        </li>
      ))}
    </ul>
  );
}
