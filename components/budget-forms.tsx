"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { recordAdjustmentAction, recordExpenditureAction, reverseExpenditureAction } from "@/app/(app)/projects/[id]/budget/actions";
import { adjustmentSchema, expenditureSchema, type AdjustmentInput, type ExpenditureInput } from "@/lib/budget/record-schemas";
import { ActionButton } from "./action-button";

const input = "w-full rounded-md border border-slate-300 px-2 py-1.5 outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100";

function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">{label}</label>
      {children}
      {error && <p id={`${id}-error`} className="mt-1 text-sm text-red-600">{error}</p>}
    </div>
  );
}

export function ExpenditureForm({ projectId, defaultDate }: { projectId: string; defaultDate: string }) {
  const router = useRouter();
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const form = useForm<ExpenditureInput>({ resolver: zodResolver(expenditureSchema), defaultValues: { date: defaultDate, amount: "", payee: "", description: "", voucherNo: "", economicClass: "", confirmed: false } });
  const { errors, isSubmitting } = form.formState;

  const send = (confirmed: boolean) =>
    form.handleSubmit(async (values) => {
      const result = await recordExpenditureAction(projectId, { ...values, confirmed });
      if (!result.ok) {
        for (const [field, text] of Object.entries(result.fieldErrors ?? {})) form.setError(field as keyof ExpenditureInput, { message: text });
        return setMessage({ kind: "error", text: result.message });
      }
      if (result.value?.needsConfirmation) return setWarnings(result.value.needsConfirmation);
      setWarnings(null);
      setMessage({ kind: "ok", text: "已录入。" });
      form.reset({ ...values, amount: "", payee: "", description: "", voucherNo: "" });
      router.refresh();
    })();

  return (
    <form onSubmit={(e) => { e.preventDefault(); void send(false); }} noValidate className="space-y-3" aria-label="录入支出">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id="e-date" label="支付日期" error={errors.date?.message}><input id="e-date" type="date" className={input} {...form.register("date")} /></Field>
        <Field id="e-amount" label="金额（元）" error={errors.amount?.message}><input id="e-amount" inputMode="decimal" className={input} aria-invalid={!!errors.amount} {...form.register("amount")} /></Field>
        <Field id="e-voucher" label="凭证号" error={errors.voucherNo?.message}><input id="e-voucher" className={input} {...form.register("voucherNo")} /></Field>
        <Field id="e-payee" label="收款方 / 用途" error={errors.payee?.message}><input id="e-payee" className={input} aria-invalid={!!errors.payee} {...form.register("payee")} /></Field>
        <Field id="e-class" label="经济分类（可选）" error={errors.economicClass?.message}><input id="e-class" className={input} placeholder="如 30201 办公费" {...form.register("economicClass")} /></Field>
        <Field id="e-desc" label="说明（可选）" error={errors.description?.message}><input id="e-desc" className={input} {...form.register("description")} /></Field>
      </div>
      {warnings && (
        <div role="alert" id="expenditure-warnings" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {warnings.map((w, i) => <p key={i}>{w}</p>)}
          <button type="button" disabled={isSubmitting} onClick={() => void send(true)} className="rounded-md bg-amber-600 px-3 py-1 text-white">我已核对，确认录入</button>
        </div>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={isSubmitting} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50">录入支出</button>
        {message && <span role="status" className={message.kind === "ok" ? "text-sm text-green-700" : "text-sm text-red-600"}>{message.text}</span>}
      </div>
    </form>
  );
}

export function AdjustmentForm({ projectId, defaultDate }: { projectId: string; defaultDate: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const form = useForm<AdjustmentInput>({ resolver: zodResolver(adjustmentSchema), defaultValues: { date: defaultDate, amount: "", reason: "", approvedBy: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await recordAdjustmentAction(projectId, values);
    if (!result.ok) {
      for (const [field, text] of Object.entries(result.fieldErrors ?? {})) form.setError(field as keyof AdjustmentInput, { message: text });
      return setMessage({ kind: "error", text: result.message });
    }
    setMessage({ kind: "ok", text: "已录入预算调整。" });
    form.reset({ ...values, amount: "", reason: "", approvedBy: "" });
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="录入预算调整">
      <div className="grid gap-3 sm:grid-cols-4">
        <Field id="a-date" label="调整日期" error={errors.date?.message}><input id="a-date" type="date" className={input} {...form.register("date")} /></Field>
        <Field id="a-amount" label="调整金额（元，调减为负）" error={errors.amount?.message}><input id="a-amount" inputMode="decimal" className={input} {...form.register("amount")} /></Field>
        <Field id="a-reason" label="调整原因" error={errors.reason?.message}><input id="a-reason" className={input} {...form.register("reason")} /></Field>
        <Field id="a-approved" label="批准文件 / 批准人" error={errors.approvedBy?.message}><input id="a-approved" className={input} {...form.register("approvedBy")} /></Field>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={isSubmitting} className="rounded-md border border-brand-600 px-4 py-1.5 text-sm font-medium text-brand-700 disabled:opacity-50">录入预算调整</button>
        {message && <span role="status" className={message.kind === "ok" ? "text-sm text-green-700" : "text-sm text-red-600"}>{message.text}</span>}
      </div>
    </form>
  );
}

export function ReverseButton({ projectId, expenditureId, label }: { projectId: string; expenditureId: string; label?: string }) {
  return (
    <ActionButton
      label="冲销"
      run={(reason) => reverseExpenditureAction(projectId, expenditureId, reason)}
      success="已冲销：录入了一笔金额相反的记录。"
      confirm={{
        title: "冲销支出",
        description: <p>{label ? `${label}。` : ""}冲销会录入一笔金额相反的记录，原记录保留，操作记入审计日志。</p>,
        reasonLabel: "冲销原因",
        placeholder: "如 重复录入、付款退回",
        confirmLabel: "确认冲销",
        danger: true,
      }}
    />
  );
}
