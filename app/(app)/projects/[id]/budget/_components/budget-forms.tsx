"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { recordAdjustmentAction, recordExpenditureAction, reverseExpenditureAction } from "@/app/(app)/projects/[id]/budget/actions";
import { adjustmentSchema, expenditureSchema, type AdjustmentInput, type ExpenditureInput } from "@/lib/budget/record-schemas";
import { ActionButton } from "@/components/action-button";
import { Field, FormOutcome } from "@/components/form-field";
import { useServerAction } from "@/components/use-server-action";

const input = "w-full rounded-md border px-2 py-1.5";
const EXPENDITURE_FIELDS = [["date", "e-date", "支付日期"], ["amount", "e-amount", "金额（元）"], ["voucherNo", "e-voucher", "凭证号"], ["payee", "e-payee", "收款方 / 用途"], ["economicClass", "e-class", "经济分类"], ["description", "e-desc", "说明"]] as const;
const ADJUSTMENT_FIELDS = [["date", "a-date", "调整日期"], ["amount", "a-amount", "调整金额（元）"], ["reason", "a-reason", "调整原因"], ["approvedBy", "a-approved", "批准文件 / 批准人"]] as const;

export function ExpenditureForm({ projectId, defaultDate }: { projectId: string; defaultDate: string }) {
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const { outcome: message, attempt, run, refuse } = useServerAction(EXPENDITURE_FIELDS);
  const form = useForm<ExpenditureInput>({ resolver: zodResolver(expenditureSchema), defaultValues: { date: defaultDate, amount: "", payee: "", description: "", voucherNo: "", economicClass: "", confirmed: false }, shouldFocusError: false });
  const { errors, isSubmitting } = form.formState;

  const send = (confirmed: boolean) =>
    form.handleSubmit(
      (values) =>
        run(() => recordExpenditureAction(projectId, { ...values, confirmed }), {
          form,
          done: (value) => {
            // Nothing was recorded yet: the warnings ask the person to check and confirm.
            if (value?.needsConfirmation) return void setWarnings(value.needsConfirmation);
            setWarnings(null);
            form.reset({ ...values, amount: "", payee: "", description: "", voucherNo: "" });
            return "已录入。";
          },
        }),
      (invalid) => refuse("未录入，请按提示修改：", invalid),
    )();

  return (
    <form onSubmit={(e) => { e.preventDefault(); if (!isSubmitting) void send(false); }} noValidate className="space-y-3" aria-label="录入支出">
      <FormOutcome id="expenditure-message" outcome={message} attempt={attempt} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id="e-date" label="支付日期" error={errors.date?.message}>{(aria) => <input {...aria} type="date" className={input} {...form.register("date")} />}</Field>
        <Field id="e-amount" label="金额（元）" hint="精确到分，如 3200.50" error={errors.amount?.message}>{(aria) => <input {...aria} inputMode="decimal" className={input} {...form.register("amount")} />}</Field>
        <Field id="e-voucher" label="凭证号" error={errors.voucherNo?.message}>{(aria) => <input {...aria} className={input} {...form.register("voucherNo")} />}</Field>
        <Field id="e-payee" label="收款方 / 用途" error={errors.payee?.message}>{(aria) => <input {...aria} className={input} {...form.register("payee")} />}</Field>
        <Field id="e-class" label="经济分类（可选）" hint="如 30201 办公费" error={errors.economicClass?.message}>{(aria) => <input {...aria} className={input} {...form.register("economicClass")} />}</Field>
        <Field id="e-desc" label="说明（可选）" error={errors.description?.message}>{(aria) => <input {...aria} className={input} {...form.register("description")} />}</Field>
      </div>
      {warnings && (
        <div role="alert" id="expenditure-warnings" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {warnings.map((w, i) => <p key={i}>{w}</p>)}
          <button type="button" disabled={isSubmitting} onClick={() => void send(true)} className="rounded-md bg-amber-600 px-3 py-1 text-white">我已核对，确认录入</button>
        </div>
      )}
      <button type="submit" aria-disabled={isSubmitting} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white aria-disabled:opacity-50">录入支出</button>
    </form>
  );
}

export function AdjustmentForm({ projectId, defaultDate }: { projectId: string; defaultDate: string }) {
  const { outcome: message, attempt, run, refuse } = useServerAction(ADJUSTMENT_FIELDS);
  const form = useForm<AdjustmentInput>({ resolver: zodResolver(adjustmentSchema), defaultValues: { date: defaultDate, amount: "", reason: "", approvedBy: "" }, shouldFocusError: false });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(
    (values) =>
      run(() => recordAdjustmentAction(projectId, values), {
        form,
        done: () => {
          form.reset({ ...values, amount: "", reason: "", approvedBy: "" });
          return "已录入预算调整。";
        },
      }),
    (invalid) => refuse("未录入，请按提示修改：", invalid),
  );
  return (
    <form onSubmit={(e) => (isSubmitting ? e.preventDefault() : void onSubmit(e))} noValidate className="space-y-3" aria-label="录入预算调整">
      <FormOutcome id="adjustment-message" outcome={message} attempt={attempt} />
      <div className="grid gap-3 sm:grid-cols-4">
        <Field id="a-date" label="调整日期" error={errors.date?.message}>{(aria) => <input {...aria} type="date" className={input} {...form.register("date")} />}</Field>
        <Field id="a-amount" label="调整金额（元）" hint="调减填负数，如 -20000" error={errors.amount?.message}>{(aria) => <input {...aria} inputMode="decimal" className={input} {...form.register("amount")} />}</Field>
        <Field id="a-reason" label="调整原因" error={errors.reason?.message}>{(aria) => <input {...aria} className={input} {...form.register("reason")} />}</Field>
        <Field id="a-approved" label="批准文件 / 批准人" error={errors.approvedBy?.message}>{(aria) => <input {...aria} className={input} {...form.register("approvedBy")} />}</Field>
      </div>
      <button type="submit" aria-disabled={isSubmitting} className="rounded-md border border-brand-600 px-4 py-1.5 text-sm font-medium text-brand-700 aria-disabled:opacity-50">录入预算调整</button>
    </form>
  );
}

export function ReverseButton({ projectId, expenditureId, label }: { projectId: string; expenditureId: string; label?: string }) {
  return (
    <ActionButton
      label="冲销"
      target={label}
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
