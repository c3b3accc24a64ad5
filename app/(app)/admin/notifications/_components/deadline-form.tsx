"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { saveDeadlinesAction } from "@/app/(app)/admin/notifications/actions";
import { deadlineSettingsSchema, type DeadlineSettings, type DeadlineSettingsInput } from "@/lib/deadlines/rules";

const FIELDS: { name: keyof DeadlineSettings; label: string; before: string; after: string; min: number; max: number }[] = [
  { name: "reportDueDay", label: "月度填报截止日", before: "每月进展在次月", after: "日（含）前提交", min: 1, max: 28 },
  { name: "reviewDueDay", label: "月度审核截止日", before: "单位审核人在次月", after: "日（含）前审核", min: 1, max: 28 },
  { name: "firstMonth", label: "起始月份", before: "从每年", after: "月起要求月度填报", min: 1, max: 12 },
  { name: "evaluationDueMonth", label: "自评截止月份", before: "年度绩效自评在次年", after: "月", min: 1, max: 12 },
  { name: "evaluationDueDay", label: "自评截止日", before: "", after: "日（含）前审核通过", min: 1, max: 31 },
];

/** The department's deadlines (lib/deadlines/rules.ts): the same schema checks here and in the Server Action. */
export function DeadlineForm({ settings }: { settings: DeadlineSettings }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const form = useForm<DeadlineSettingsInput, unknown, DeadlineSettings>({ resolver: zodResolver(deadlineSettingsSchema), defaultValues: settings });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setStatus(null);
    const result = await saveDeadlinesAction(values);
    if (result.ok) {
      form.reset(values);
      return setStatus({ ok: true, text: "已保存，各人的待办按新期限计算。" });
    }
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) form.setError(field as keyof DeadlineSettings, { message });
    setStatus({ ok: false, text: result.message });
  });
  return (
    <form id="deadline-form" onSubmit={onSubmit} noValidate className="space-y-3">
      {FIELDS.map((f) => (
        <div key={f.name}>
          <label htmlFor={f.name} className="text-sm font-medium">{f.label}</label>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            {f.before && <span className="text-slate-700">{f.before}</span>}
            <input id={f.name} type="number" inputMode="numeric" min={f.min} max={f.max} aria-invalid={!!errors[f.name]} aria-describedby={errors[f.name] ? `${f.name}-error` : undefined} className="w-20 rounded-md border border-slate-300 px-2 py-1 aria-[invalid=true]:border-red-500" {...form.register(f.name)} />
            <span className="text-slate-700">{f.after}</span>
          </div>
          {errors[f.name] && <p id={`${f.name}-error`} className="text-sm text-red-700">{errors[f.name]?.message}</p>}
        </div>
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={isSubmitting} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50">{isSubmitting ? "正在保存……" : "保存期限"}</button>
        {status && <span role="status" id="deadline-message" className={`text-sm ${status.ok ? "text-green-800" : "text-red-700"}`}>{status.text}</span>}
      </div>
    </form>
  );
}
