"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useRef, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { deleteIndicatorAction, moveIndicatorAction, saveIndicatorAction } from "@/app/(app)/projects/[id]/targets/actions";
import { CATEGORIES } from "@/lib/targets/categories";
import { COMPARATOR_OPTIONS, indicatorSchema, type IndicatorInput } from "@/lib/targets/indicator-schema";
import type { EditableIndicator } from "@/lib/targets/indicators";
import type { PreviousLine, PreviousResult } from "@/lib/targets/review/types";
import { actualWithUnit } from "@/lib/targets/parse-target";
import { Field, FormOutcome } from "@/components/form-field";
import { useServerAction } from "@/components/use-server-action";
import { ReasonDialog } from "@/components/reason-dialog";
import { TableBox, TableHead, Th } from "@/components/ui/table";

type Editing = { id: string | null; version: number; values: IndicatorInput } | null;

const BLANK: IndicatorInput = { category: "数量", name: "", comparator: ">=", value: "", unit: "", reason: "" };
const input = "w-full rounded-md border px-2 py-1.5";
const FIELDS = [["category", "f-category", "二级指标"], ["name", "f-name", "三级指标"], ["comparator", "f-comparator", "比较符"], ["value", "f-value", "指标值"], ["unit", "f-unit", "计量单位"], ["reason", "f-reason", "调整原因"]] as const;
const ADD_BUTTON = "add-indicator";
const editButton = (id: string) => `edit-${id}`;
const moveButton = (id: string, direction: "up" | "down") => `move-${direction}-${id}`;
const enabled = (id: string) => {
  const element = document.getElementById(id);
  return element && !element.hasAttribute("disabled") ? element : null;
};

/** `previous`: a drafted year's year before (its indicators' target, actual and score shown beside the copies); `readOnly`: a closed year. */
export function IndicatorEditor({ projectId, locked, indicators, previous = null, readOnly = false }: { projectId: string; locked: boolean; indicators: EditableIndicator[]; previous?: PreviousResult | null; readOnly?: boolean }) {
  const [editing, setEditing] = useState<Editing>(null);
  const { pending, outcome: message, run, setOutcome: setMessage } = useServerAction();
  // Closing the form puts focus back on the button that opened it (新增指标, or the row's 编辑).
  const [returnTo, setReturnTo] = useState<string | null>(null);
  useEffect(() => {
    if (returnTo && !editing) document.getElementById(returnTo)?.focus();
  }, [returnTo, editing]);
  const open = (next: NonNullable<Editing>) => {
    setReturnTo(null);
    setEditing(next);
  };
  const close = () => {
    setReturnTo(editing?.id ? editButton(editing.id) : ADD_BUTTON);
    setEditing(null);
  };

  const [deleting, setDeleting] = useState<EditableIndicator | null>(null);
  const remove = async (i: EditableIndicator, reason: string) => {
    const result = await run(() => deleteIndicatorAction(projectId, i.id, i.version, reason), {
      done: () => `已删除指标“${i.name}”。`,
      // The row and its buttons are gone: focus goes to the sentence that says so.
      focus: () => document.querySelector<HTMLElement>("[data-outcome=indicator-message]"),
    });
    return !result || result.ok ? null : result.message;
  };
  /** Moves a row; focus stays with the row that moved (on the same arrow, or its 编辑 when the arrow ends at the edge). */
  const move = (i: EditableIndicator, direction: "up" | "down") =>
    void run(() => moveIndicatorAction(projectId, i.id, direction), {
      done: () => "已调整顺序。",
      focus: () => enabled(moveButton(i.id, direction)) ?? document.getElementById(editButton(i.id)),
    });

  return (
    <div className="space-y-4">
      <FormOutcome id="indicator-message" outcome={message} attempt={0} />
      <TableBox>
        <table className="w-full text-sm">
          <TableHead>
            <tr>
              <Th>二级指标</Th>
              <Th>三级指标</Th>
              <Th numeric>指标值</Th>
              {previous && <Th>{previous.year} 年：目标 · 实际 · 得分</Th>}
              {!readOnly && <Th>操作</Th>}
            </tr>
          </TableHead>
          <tbody className="divide-y divide-slate-100">
            {indicators.map((i, index) => (
              <tr key={i.id} className={editing?.id === i.id ? "bg-brand-50" : undefined}>
                <td className="px-3 py-2 whitespace-nowrap">{i.category}</td>
                <td className="px-3 py-2">{i.name}</td>
                <td className="px-3 py-2 text-right whitespace-nowrap tabular">{i.target}</td>
                {previous && <PreviousCell line={i.previousId ? previous.lines[i.previousId] : undefined} />}
                {!readOnly && <td className="px-3 py-2 whitespace-nowrap">
                  <div className="flex gap-1">
                    <button type="button" id={editButton(i.id)} className="rounded border px-2 py-0.5 hover:bg-slate-50" onClick={() => open({ id: i.id, version: i.version, values: { category: i.category, name: i.name, comparator: i.comparator, value: i.value, unit: i.unit, reason: "" } })}>
                      编辑<span className="sr-only"> {i.name}</span>
                    </button>
                    <button type="button" id={moveButton(i.id, "up")} aria-label={`上移 ${i.name}`} disabled={index === 0} aria-disabled={pending} className="rounded border px-2 py-0.5 disabled:opacity-40 aria-disabled:opacity-40" onClick={() => move(i, "up")}>
                      ↑
                    </button>
                    <button type="button" id={moveButton(i.id, "down")} aria-label={`下移 ${i.name}`} disabled={index === indicators.length - 1} aria-disabled={pending} className="rounded border px-2 py-0.5 disabled:opacity-40 aria-disabled:opacity-40" onClick={() => move(i, "down")}>
                      ↓
                    </button>
                    <button type="button" disabled={i.checkIns > 0} aria-describedby={i.checkIns > 0 ? `why-kept-${i.id}` : undefined} className="rounded border border-red-200 px-2 py-0.5 text-red-700 disabled:opacity-40" onClick={() => setDeleting(i)}>
                      删除<span className="sr-only"> {i.name}</span>
                    </button>
                  </div>
                  {i.checkIns > 0 && <p id={`why-kept-${i.id}`} className="mt-0.5 text-xs whitespace-normal text-slate-600">已有进展填报，不能删除</p>}
                </td>}
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
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
        <IndicatorForm key={editing.id ?? "new"} editing={editing} locked={locked} onDone={() => {
          setMessage({ ok: true, text: editing.id ? "已保存。" : "已新增指标。" });
          close();
        }} onCancel={close} projectId={projectId} />
      ) : (
        <button type="button" id={ADD_BUTTON} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700" onClick={() => open({ id: null, version: 0, values: BLANK })}>
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

/** The form that takes the place of 新增指标 (or opens under the table for 编辑): its heading takes focus when it opens. */
function IndicatorForm({ projectId, editing, locked, onDone, onCancel }: { projectId: string; editing: NonNullable<Editing>; locked: boolean; onDone: () => void; onCancel: () => void }) {
  const form = useForm<IndicatorInput>({ resolver: zodResolver(indicatorSchema), defaultValues: editing.values, shouldFocusError: false });
  const { errors, isSubmitting } = form.formState;
  const qualitative = useWatch({ control: form.control, name: "comparator" }) === "qualitative";
  const { outcome, attempt, run, refuse } = useServerAction(FIELDS);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const onSubmit = form.handleSubmit(
    (values) => run(() => saveIndicatorAction(projectId, editing.id, editing.version, values), { form, done: onDone }),
    (invalid) => refuse("未保存，请按提示修改：", invalid),
  );

  const field = (name: keyof IndicatorInput, label: string, control: (aria: object) => React.ReactNode, className = "", hint?: string) => (
    <Field id={`f-${name}`} label={label} hint={hint} error={errors[name]?.message} className={className}>{control}</Field>
  );
  const title = editing.id ? `编辑指标“${editing.values.name}”` : "新增指标";

  return (
    <form onSubmit={(e) => (isSubmitting ? e.preventDefault() : void onSubmit(e))} noValidate className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="indicator-form-title">
      <h2 id="indicator-form-title" ref={heading} tabIndex={-1} className="font-semibold">{title}</h2>
      <FormOutcome id="indicator-form-message" outcome={outcome} attempt={attempt} />
      <div className="grid gap-3 sm:grid-cols-6">
        {field("category", "二级指标", (aria) => <select {...aria} className={input} {...form.register("category")}>{CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}</select>, "sm:col-span-2")}
        {field("name", "三级指标", (aria) => <input {...aria} className={input} {...form.register("name")} />, "sm:col-span-4")}
        {field("comparator", "比较符", (aria) => <select {...aria} className={input} {...form.register("comparator")}>{COMPARATOR_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</select>, "sm:col-span-2")}
        {field("value", qualitative ? "指标值（文字）" : "指标值（数字）", (aria) => <input {...aria} className={input} inputMode={qualitative ? "text" : "decimal"} {...form.register("value")} />, "sm:col-span-2")}
        {field("unit", "计量单位", (aria) => <input {...aria} className={input} {...form.register("unit")} />, "sm:col-span-2", "如 个、%、万元")}
        {locked && field("reason", "调整原因（必填）", (aria) => <input {...aria} className={input} {...form.register("reason")} />, "sm:col-span-6", "如 预算调整：追加 2 万元")}
      </div>
      <div className="flex gap-2">
        <button type="submit" aria-disabled={isSubmitting} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 aria-disabled:opacity-50">
          {isSubmitting ? "正在保存……" : "保存"}
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-4 py-1.5 text-sm">取消</button>
      </div>
    </form>
  );
}
