"use client";

import Link from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { closeYearAction, draftNextYearAction, reopenYearAction } from "@/app/(app)/admin/years/actions";
import type { AdminYear, YearsAdmin } from "@/lib/fiscal-years";
import { formatWan } from "@/lib/money";
import { ReasonDialog } from "@/components/reason-dialog";
import { useServerAction } from "@/components/use-server-action";

/** Close (with a confirmation naming what is not approved) or reopen (with a reason) one year. */
export function YearActions({ year }: { year: AdminYear }) {
  const [open, setOpen] = useState(false);
  const closed = year.state === "closed";
  const pending = year.projects - year.approved;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className={`rounded border px-2 py-0.5 text-sm ${closed ? "border-amber-600 text-amber-800" : "border-slate-400 hover:bg-slate-50"}`}>
        {closed ? "重新打开" : "关闭年度"}
      </button>
      <ReasonDialog
        open={open}
        title={closed ? `重新打开 ${year.year} 年度` : `关闭 ${year.year} 年度`}
        description={closed
          ? <p>重新打开后该年度的填报、支出、目标和自评可以再次修改，操作记入审计日志。</p>
          : <p>关闭后该年度只能查看：填报、支出、预算调整、目标和自评都不能再修改，各页面显示审核通过时的记录。{pending > 0 ? `还有 ${pending} 个项目的自评未审核通过。` : `全部 ${year.projects} 个项目的自评已审核通过。`}</p>}
        label={closed ? "重新打开的原因" : null}
        placeholder="如 审计发现 12 月支出漏记，需补录"
        confirmLabel={closed ? "重新打开" : "确认关闭"}
        danger={!closed}
        onConfirm={async (reason) => {
          const result = closed ? await reopenYearAction(year.id, reason) : await closeYearAction(year.id);
          return result.ok ? null : (result.fieldErrors?.reason ?? result.message);
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

/** "起草 N+1 年度目标": the continuing projects to copy (all by default); a refusal for an existing year links to it. */
export function DraftNextYear({ departmentId, source }: { departmentId: string; source: NonNullable<YearsAdmin["source"]> }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(source.projects.map((p) => p.id)));
  const { pending, outcome, fieldErrors, run } = useServerAction();
  const toggle = (id: string) => setChosen((s) => { const next = new Set(s); if (next.has(id)) next.delete(id); else next.add(id); return next; });
  return (
    <form
      aria-label={`起草 ${source.next} 年度目标`}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => draftNextYearAction(departmentId, source.year, [...chosen]), {
          done: (drafted) => {
            // The drafted year is reviewed on another page: there, not here, is where the person goes next.
            router.push(`/targets/review?dept=${departmentId}&year=${drafted!.year}`);
            return `已起草 ${drafted!.year} 年度目标：${drafted!.projects} 个项目、${drafted!.indicators} 个指标。`;
          },
        });
      }}
    >
      <fieldset className="rounded-lg border border-slate-200 bg-white p-3">
        <legend className="px-1 text-sm text-slate-700">延续到 {source.next} 年度的项目（已选 {chosen.size}/{source.projects.length} 个）</legend>
        <ul className="grid gap-1 text-sm sm:grid-cols-2">
          {source.projects.map((p) => (
            <li key={p.id}>
              <label className="flex items-start gap-2">
                <input type="checkbox" checked={chosen.has(p.id)} onChange={() => toggle(p.id)} className="mt-1" />
                <span>{p.name}<span className="ml-1 text-xs text-slate-600">{p.unitName} · {formatWan(p.budget)} 万元</span></span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50">起草 {source.next} 年度目标</button>
      {outcome && !outcome.ok && (
        <p role="alert" id="draft-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {outcome.text}
          {fieldErrors.href && <Link href={fieldErrors.href} className="ml-2 font-medium underline">打开 {source.next} 年度</Link>}
        </p>
      )}
      {outcome?.ok && <p role="status" className="text-sm text-green-800">{outcome.text}</p>}
    </form>
  );
}
