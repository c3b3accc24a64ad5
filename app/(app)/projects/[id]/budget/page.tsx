import type { Metadata } from "next";
import { YearNote } from "@/components/year-switcher";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { ExecutionChart } from "@/components/charts/execution-chart";
import { AdjustmentForm, ExpenditureForm, ReverseButton } from "@/app/(app)/projects/[id]/budget/_components/budget-forms";
import { EvidencePanel } from "@/components/evidence-panel";
import { ExpenditureImport } from "@/app/(app)/projects/[id]/budget/_components/expenditure-import";
import { evidenceMaxMb } from "@/lib/progress/evidence";
import { requireActor } from "@/app/session";
import { WARNING_LABELS } from "@/lib/budget/execution";
import { projectBudget } from "@/lib/budget/queries";
import { db } from "@/lib/db/client";
import { formatWan, formatYuan } from "@/lib/money";
import { TableHead, Th } from "@/components/ui/table";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "预算执行" };

const WARNING_STYLE = { NORMAL: "bg-green-100 text-green-800", WARNING: "bg-amber-100 text-amber-900", LAGGING: "bg-red-100 text-red-800" } as const;

export default async function BudgetPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ asOf?: string }> }) {
  const [{ id }, { asOf }] = await Promise.all([params, searchParams]);
  const actor = await requireActor();
  const b = await load(() => projectBudget(db(), actor, id, asOf));
  const e = b.execution;
  const figure = (label: string, value: string, unit: string, testId: string) => (
    <Card as="div" padding="sm">
      <dt className="text-xs text-slate-500 sm:text-sm">{label}</dt>
      <dd data-figure={testId} className="mt-1 text-lg font-semibold tabular sm:text-xl">{value}<span className="ml-1 text-xs font-normal text-slate-500">{unit}</span></dd>
    </Card>
  );
  return (
    <div className="space-y-5">
      <nav aria-label="位置" className="text-sm text-slate-500">
        <Link href="/projects" className="hover:underline">项目</Link>
        <span className="mx-2">/</span>
        <Link href={`/projects/${b.project.id}`} className="hover:underline">{b.project.name}</Link>
        <span className="mx-2">/</span>
        <span>预算执行</span>
      </nav>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">预算执行</h1>
          <p className="mt-1 text-sm text-slate-600">{b.project.unitName} · {b.project.name}</p>
        </div>
        <form className="flex items-end gap-2 text-sm">
          <label htmlFor="asOf" className="text-slate-600">截至日期</label>
          <input id="asOf" name="asOf" type="date" defaultValue={b.asOf} min={`${b.project.year}-01-01`} max={`${b.project.year}-12-31`} className="rounded-md border border-slate-300 px-2 py-1" />
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1">查看</button>
        </form>
      </div>
      {b.project.closed && <YearNote year={{ year: b.project.year, state: "closed", draftedFromYear: null }} />}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {figure("调整后预算", formatWan(e.adjustedBudget), "万元", "adjusted")}
        {figure("已支出", formatWan(e.spent), "万元", "spent")}
        {figure("执行率", e.executionRate ?? "—", "%", "rate")}
        {figure("序时进度", e.timeProgress, "%", "time")}
      </dl>
      <p className="text-sm">
        {e.warning && <span id="budget-warning" className={`mr-2 rounded px-2 py-0.5 text-xs ${WARNING_STYLE[e.warning]}`}>{WARNING_LABELS[e.warning]}</span>}
        {e.overspent && <span className="mr-2 rounded bg-red-600 px-2 py-0.5 text-xs text-white">超预算</span>}
        <span id="budget-explanation" className="text-slate-700">{e.explanation}</span>
      </p>
      <Card aria-label="执行走势">
        <ExecutionChart series={b.series} />
      </Card>
      {b.canRecord && (
        <Card className="space-y-4" aria-label="录入">
          <ExpenditureForm projectId={b.project.id} defaultDate={b.asOf} />
          <ExpenditureImport projectId={b.project.id} />
          <hr className="border-slate-100" />
          <AdjustmentForm projectId={b.project.id} defaultDate={b.asOf} />
        </Card>
      )}
      <section className="rounded-lg border border-slate-200 bg-white" aria-labelledby="exp-heading">
        <h2 id="exp-heading" className="border-b border-slate-100 px-4 py-3 font-semibold">支出记录（{b.expenditures.length}）</h2>
        {b.expenditures.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">还没有支出记录。</p>
        ) : (
          <div className="sm:overflow-x-auto">
            <table className="stack-table w-full text-sm">
              <TableHead>
                <tr>
                  <Th>日期</Th>
                  <Th numeric>金额（元）</Th>
                  <Th>收款方 / 用途</Th>
                  <Th>凭证号</Th>
                  <Th>录入人</Th>
                  <Th>凭证附件</Th>
                  <Th><span className="sr-only">操作</span></Th>
                </tr>
              </TableHead>
              <tbody className="divide-y divide-slate-100">
                {b.expenditures.map((x) => (
                  <tr key={x.id} className={x.reversalOfId ? "text-red-700" : x.reversed ? "text-slate-400 line-through" : undefined}>
                    <td data-label="日期" className="px-3 py-2 whitespace-nowrap tabular">{x.date}</td>
                    <td data-label="金额（元）" className="px-3 py-2 text-right tabular">{formatYuan(x.amount)}</td>
                    <td data-label="收款方 / 用途" className="px-3 py-2">{x.payee}{x.description ? `（${x.description}）` : ""}</td>
                    <td data-label="凭证号" className="px-3 py-2">{x.voucherNo ?? "—"}</td>
                    <td data-label="录入人" className="px-3 py-2">{x.by}</td>
                    <td data-label="凭证附件" className="px-3 py-2">
                      {x.evidence.length > 0 || (b.canRecord && !x.reversalOfId) ? (
                        <details>
                          <summary className="cursor-pointer text-brand-700">附件（{x.evidence.length}）</summary>
                          <EvidencePanel items={x.evidence} uploadTo={b.canRecord && !x.reversalOfId ? { expenditureId: x.id, label: "上传支付凭证" } : null} maxMb={evidenceMaxMb()} />
                        </details>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">{b.canRecord && !x.reversalOfId && !x.reversed ? <ReverseButton projectId={b.project.id} expenditureId={x.id} label={`${x.date} 付给 ${x.payee} ${formatYuan(x.amount)} 元`} /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {b.adjustments.length > 0 && (
        <Card aria-labelledby="adj-heading">
          <h2 id="adj-heading" className="font-semibold">预算调整（{b.adjustments.length}）</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {b.adjustments.map((a) => (
              <li key={a.id}><span className="tabular">{a.date}</span> <span className="font-medium tabular">{a.amount.startsWith("-") ? "" : "+"}{formatYuan(a.amount)} 元</span> {a.reason}（{a.approvedBy}）</li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
