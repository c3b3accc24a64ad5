"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { updateAnnualGoalAction } from "@/app/(app)/projects/[id]/actions";
import { annualGoalSchema, type AnnualGoalInput } from "@/lib/projects/annual-goal-schema";

export function AnnualGoalForm({ projectId, annualGoal }: { projectId: string; annualGoal: string }) {
  const [status, setStatus] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const form = useForm<AnnualGoalInput>({ resolver: zodResolver(annualGoalSchema), defaultValues: { annualGoal } });
  const { errors, isSubmitting, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setStatus(null);
    const result = await updateAnnualGoalAction(projectId, values);
    if (result.ok) {
      form.reset(values);
      setStatus({ kind: "ok", text: "已保存。" });
      return;
    }
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
      if (field === "annualGoal") form.setError("annualGoal", { message });
    }
    setStatus({ kind: "error", text: result.message });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-2">
      <label htmlFor="annualGoal" className="sr-only">
        年度绩效目标
      </label>
      <textarea
        id="annualGoal"
        rows={3}
        aria-invalid={!!errors.annualGoal}
        aria-describedby={errors.annualGoal ? "annualGoal-error" : undefined}
        // In the server-rendered HTML too, so the goal is there before hydration.
        defaultValue={annualGoal}
        className="w-full rounded-md border border-slate-300 px-3 py-2 leading-7 outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100"
        {...form.register("annualGoal")}
      />
      {errors.annualGoal && (
        <p id="annualGoal-error" className="text-sm text-red-600">
          {errors.annualGoal.message}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={isSubmitting || !isDirty}
          className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        >
          {isSubmitting ? "正在保存……" : "保存目标"}
        </button>
        {status && (
          <span role="status" className={status.kind === "ok" ? "text-sm text-green-700" : "text-sm text-red-600"}>
            {status.text}
          </span>
        )}
      </div>
    </form>
  );
}
