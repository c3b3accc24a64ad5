"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { updateAnnualGoalAction } from "@/app/(app)/projects/[id]/actions";
import { annualGoalSchema, type AnnualGoalInput } from "@/lib/projects/annual-goal-schema";
import { describedBy, FieldError, FormOutcome, problemsOf, type Outcome } from "@/components/form-field";

const FIELDS = [["annualGoal", "annualGoal", "年度绩效目标"]] as const;

export function AnnualGoalForm({ projectId, annualGoal }: { projectId: string; annualGoal: string }) {
  const [message, setMessage] = useState<Outcome | null>(null);
  const [attempt, setAttempt] = useState(0);
  const form = useForm<AnnualGoalInput>({ resolver: zodResolver(annualGoalSchema), defaultValues: { annualGoal }, shouldFocusError: false });
  const { errors, isSubmitting, isDirty } = form.formState;
  const refuse = (text: string, fieldErrors: Partial<Record<string, string | { message?: string }>>) => {
    setMessage({ ok: false, text, problems: problemsOf(fieldErrors, FIELDS) });
    setAttempt((n) => n + 1);
  };

  const onSubmit = form.handleSubmit(
    async (values) => {
      const result = await updateAnnualGoalAction(projectId, values);
      if (result.ok) {
        form.reset(values);
        setMessage({ ok: true, text: "已保存。" });
        return;
      }
      for (const [field, text] of Object.entries(result.fieldErrors ?? {})) if (field === "annualGoal") form.setError("annualGoal", { message: text });
      refuse(result.message, result.fieldErrors ?? {});
    },
    (invalid) => refuse("未保存，请按提示修改：", invalid),
  );

  return (
    // The button stays in the Tab order while there is nothing to save (aria-disabled): a disabled
    // button would drop focus to <body> the moment a save makes the form clean again.
    <form onSubmit={(e) => (isSubmitting || !isDirty ? e.preventDefault() : void onSubmit(e))} noValidate className="mt-3 space-y-2" aria-label="年度绩效目标">
      <FormOutcome id="annualGoal-message" outcome={message} attempt={attempt} />
      <label htmlFor="annualGoal" className="sr-only">
        年度绩效目标
      </label>
      <textarea
        rows={3}
        // In the server-rendered HTML too, so the goal is there before hydration.
        defaultValue={annualGoal}
        className="w-full rounded-md border px-3 py-2 leading-7"
        {...describedBy("annualGoal", errors.annualGoal?.message, true)}
        {...form.register("annualGoal")}
      />
      <p id="annualGoal-hint" className="text-xs text-slate-600">4 至 2000 字；说明本年度要达到的产出和效果。</p>
      <FieldError id="annualGoal" error={errors.annualGoal?.message} />
      <button type="submit" aria-disabled={isSubmitting || !isDirty} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 aria-disabled:opacity-50">
        {isSubmitting ? "正在保存……" : "保存目标"}
      </button>
    </form>
  );
}
