"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { ActionResult } from "@/app/action";
import { deleteIndicatorAction, moveIndicatorAction, saveIndicatorAction } from "@/app/(app)/projects/[id]/targets/actions";
import { CATEGORIES } from "@/lib/targets/categories";
import { COMPARATOR_OPTIONS, indicatorSchema, type IndicatorInput } from "@/lib/targets/indicator-schema";
import type { EditableIndicator } from "@/lib/targets/indicators";
import type { PreviousLine, PreviousResult } from "@/lib/targets/review/types";
import { actualWithUnit } from "@/lib/targets/parse-target";
import { ReasonDialog } from "./reason-dialog";

type Editing = { id: string | null; version: number; values: IndicatorInput } | null;

const BLANK: IndicatorInput = { category: "数量", name: "", comparator: ">=", value: "", unit: "", reason: "" };
const input = "w-full rounded-md border border-slate-300 px-2 py-1.5 outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100";

/** `previous`: a drafted year's year before (its indicators' target, actual and score shown beside the copies); `readOnly`: a closed year. */
export function IndicatorEditor({ projectId, locked, indicators, previous = null, readOnly = false }: { projectId: string; locked: boolean; indicators: EditableIndicator[]; previous?: PreviousResult | null; readOnly?: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const after = (result: ActionResult<unknown>, ok: string) => {
    setMessage(result.ok ? { kind: "ok", text: ok } : { kind: "error", text: result.message });
    if (result.ok) router.refresh();
    return result;
  };

  const [deleting, setDeleting] = useState<EditableIndicator | null>(null);
  const remove = async (i: EditableIndicator, reason: string) => {
    const result = after(await deleteIndicatorAction(projectId, i.id, i.version, reason), `已删除指标“${i.name}”。`);
    return result.ok ? null : result.message;
  };

  return (
    <div className="space-y-4">
      {message && (
        <p role="status" className={message.kind === "ok" ? "text-sm text-green-700" : "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"}>
          {message.text}
        </p>
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left whitespace-nowrap text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">二级指标</th>
              <th scope="col" className="px-3 py-2 font-medium">三级指标</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">指标值</th>
              {previous && <th scope="col" className="px-3 py-2 font-medium">{previous.year} 年：目标 · 实际 · 得分</th>}
              {!readOnly && <th scope="col" className="px-3 py-2 font-medium">操作</th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {indicators.map((i, index) => (
              <tr key={i.id} className={editing?.id === i.id ? "bg-brand-50" : undefined}>
                <td className="px-3 py-2 whitespace-nowrap">{i.category}</td>
                <td className="px-3 py-2">{i.name}</td>
                <td className="px-3 py-2 text-right whitespace-nowrap tabular">{i.target}</td>
                {previous && <PreviousCell line={i.previousId ? previous.lines[i.previousId] : undefined} />}
                {!readOnly && <td className="px-3 py-2 whitespace-nowrap">
                  <div className="flex gap-1">
                    <button type="button" className="rounded border px-2 py-0.5 hover:bg-slate-50" onClick={() => setEditing({ id: i.id, version: i.version, values: { category: i.category, name: i.name, comparator: i.comparator, value: i.value, unit: i.unit, reason: "" } })}>
                      编辑
                    </button>
                    <button type="button" aria-label={`上移 ${i.name}`} disabled={pending || index === 0} className="rounded border px-2 py-0.5 disabled:opacity-40" onClick={() => startTransition(async () => void after(await moveIndicatorAction(projectId, i.id, "up"), "已调整顺序。"))}>
                      ↑
                    </button>
                    <button type="button" aria-label={`下移 ${i.name}`} disabled={pending || index === indicators.length - 1} className="rounded border px-2 py-0.5 disabled:opacity-40" onClick={() => startTransition(async () => void after(await moveIndicatorAction(projectId, i.id, "down"), "已调整顺序。"))}>
                      ↓
                    </button>
                    <button type="button" disabled={pending || i.checkIns > 0} title={i.checkIns > 0 ? "已有进展填报，不能删除" : undefined} className="rounded border border-red-200 px-2 py-0.5 text-red-700 disabled:opacity-40" onClick={() => setDeleting(i)}>
                      删除
                    </button>
                  </div>
                </td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ReasonDialog
        open={deleting !== null}
        title={`删除指标“${deleting?.name ?? ""}”`}
        description={<p>{deleting?.category} · {deleting?.target}。删除后该指标不再计入状态和自评，操作记入审计日志{locked ? "和目标调整记录" : ""}。</p>}
        label={locked ? "删除原因（本年度目标已批复，必填）" : null}
        placeholder="如 预算调整：取消该项采购"
        confirmLabel="确认删除"
        danger
        onConfirm={(reason) => remove(deleting!, reason)}
        onClose={() => setDeleting(null)}
      />
      {readOnly ? null : editing ? (
        <IndicatorForm key={editing.id ?? "new"} editing={editing} locked={locked} onDone={(result) => {
          after(result, editing.id ? "已保存。" : "已新增指标。");
          if (result.ok) setEditing(null);
        }} onCancel={() => setEditing(null)} projectId={projectId} />
      ) : (
        <button type="button" className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700" onClick={() => setEditing({ id: null, version: 0, values: BLANK })}>
          新增指标
        </button>
      )}
    </div>
  );
}

/** This year's result of the indicator a drafted one was copied from; a new indicator has none. */
function PreviousCell({ line }: { line: PreviousLine | undefined }) {
  if (!line) return <td className="px-3 py-2 text-slate-500">新增指标</td>;
  const actual = line.actual === null ? "未填报" : actualWithUnit(line.actual, line.unit, line.comparator === "qualitative");
  return (
    <td className="px-3 py-2 text-sm" data-previous={line.name}>
      <span className="tabular whitespace-nowrap">{line.target} · {actual} · {line.score}/{line.weight}</span>
      {!line.met && <span className="ml-1 rounded bg-amber-100 px-1 text-xs whitespace-nowrap text-amber-900">未完全达成</span>}
    </td>
  );
}

function IndicatorForm({ projectId, editing, locked, onDone, onCancel }: { projectId: string; editing: NonNullable<Editing>; locked: boolean; onDone: (r: ActionResult<unknown>) => void; onCancel: () => void }) {
  const form = useForm<IndicatorInput>({ resolver: zodResolver(indicatorSchema), defaultValues: editing.values });
  const { errors, isSubmitting } = form.formState;
  const qualitative = useWatch({ control: form.control, name: "comparator" }) === "qualitative";

  const onSubmit = form.handleSubmit(async (values) => {
    const result = await saveIndicatorAction(projectId, editing.id, editing.version, values);
    if (!result.ok) for (const [field, message] of Object.entries(result.fieldErrors ?? {})) form.setError(field as keyof IndicatorInput, { message });
    onDone(result);
  });

  const field = (name: keyof IndicatorInput, label: string, control: React.ReactNode, className = "") => (
    <div className={className}>
      <label htmlFor={`f-${name}`} className="mb-1 block text-sm font-medium text-slate-700">{label}</label>
      {control}
      {errors[name] && <p id={`f-${name}-error`} className="mt-1 text-sm text-red-600">{errors[name]?.message}</p>}
    </div>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label={editing.id ? "编辑指标" : "新增指标"}>
      <h2 className="font-semibold">{editing.id ? "编辑指标" : "新增指标"}</h2>
      <div className="grid gap-3 sm:grid-cols-6">
        {field("category", "二级指标", <select id="f-category" className={input} {...form.register("category")}>{CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}</select>, "sm:col-span-2")}
        {field("name", "三级指标", <input id="f-name" className={input} aria-invalid={!!errors.name} {...form.register("name")} />, "sm:col-span-4")}
        {field("comparator", "比较符", <select id="f-comparator" className={input} {...form.register("comparator")}>{COMPARATOR_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</select>, "sm:col-span-2")}
        {field("value", qualitative ? "指标值（文字）" : "指标值（数字）", <input id="f-value" className={input} aria-invalid={!!errors.value} inputMode={qualitative ? "text" : "decimal"} {...form.register("value")} />, "sm:col-span-2")}
        {field("unit", "计量单位", <input id="f-unit" className={input} placeholder="如 个、%、万元" {...form.register("unit")} />, "sm:col-span-2")}
        {locked && field("reason", "调整原因（必填）", <input id="f-reason" className={input} aria-invalid={!!errors.reason} placeholder="如 预算调整：追加 2 万元" {...form.register("reason")} />, "sm:col-span-6")}
      </div>
      <div className="flex gap-2">
        <button type="submit" disabled={isSubmitting} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {isSubmitting ? "正在保存……" : "保存"}
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-4 py-1.5 text-sm">取消</button>
      </div>
    </form>
  );
}
