import { WARNING_LABELS, type Execution } from "@/lib/budget/execution";
import { formatWan } from "@/lib/money";

export const WARNING_STYLE = { NORMAL: "bg-green-100 text-green-800", WARNING: "bg-amber-100 text-amber-900", LAGGING: "bg-red-100 text-red-800" } as const;

export function WarningBadge({ execution }: { execution: Execution }) {
  return (
    <>
      {execution.warning && <span className={`rounded px-1.5 py-0.5 text-xs whitespace-nowrap ${WARNING_STYLE[execution.warning]}`}>{WARNING_LABELS[execution.warning]}</span>}
      {execution.overspent && <span className="ml-1 rounded bg-red-700 px-1.5 py-0.5 text-xs whitespace-nowrap text-white">超预算</span>}
    </>
  );
}

function Figure({ label, value, unit, children }: { label: string; value: string; unit: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
      <dt className="text-xs text-slate-600 sm:text-sm">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular text-slate-900 sm:text-3xl">
        {value}
        <span className="ml-1 text-xs font-normal text-slate-600 sm:text-sm">{unit}</span>
        {children && <div className="mt-1 text-xs font-normal">{children}</div>}
      </dd>
    </div>
  );
}

/** Budget, spent, rate against time progress: the big figures, with the explanation under them. */
export function ExecutionFigures({ execution, id = "execution-explanation" }: { execution: Execution; id?: string }) {
  const gap = execution.gapPoints;
  return (
    <section aria-label="预算执行" className="space-y-2">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Figure label="调整后预算" value={formatWan(execution.adjustedBudget)} unit="万元" />
        <Figure label="已支出" value={formatWan(execution.spent)} unit="万元" />
        <Figure label="执行率" value={execution.executionRate ?? "—"} unit="%">
          <WarningBadge execution={execution} />
        </Figure>
        <Figure label="序时进度" value={execution.timeProgress} unit="%">
          {gap !== null && <span className="text-slate-600">{gap.startsWith("-") ? `超前 ${gap.slice(1)} 个百分点` : `落后 ${gap} 个百分点`}</span>}
        </Figure>
      </dl>
      <p id={id} className="text-sm text-slate-700">{execution.explanation}</p>
    </section>
  );
}
