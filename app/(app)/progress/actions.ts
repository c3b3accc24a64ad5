"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg } from "@/app/action";
import { db } from "@/lib/db/client";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { reopenReport, reviewReport, submitReport } from "@/lib/progress/reports";

const refresh = () => revalidatePath("/progress");

export async function saveCheckInsAction(year: number, month: number, rows: unknown[]) {
  return runAction((actor, ip) => saveCheckIns(db(), actor, { year, month, rows }, { ip }), refresh);
}

/** `reason`: why an incomplete month is submitted anyway (required then, lib/progress/completeness.ts). */
export async function submitReportAction(reportId: string, reason: string) {
  return runAction((actor, ip) => submitReport(db(), actor, textArg(reportId), { reason: textArg(reason) }, { ip }).then(() => undefined), refresh);
}

/** `confirmIncomplete`: the reviewer confirmed approving an incomplete month. */
export async function reviewReportAction(reportId: string, decision: "approve" | "return", comment: string, confirmIncomplete?: boolean) {
  return runAction(
    (actor, ip) => reviewReport(db(), actor, textArg(reportId), decision === "approve" ? "approve" : "return", textArg(comment), { confirmIncomplete: confirmIncomplete === true }, { ip }).then(() => undefined),
    refresh,
  );
}

/** The admin reopens from 月报管理 (/admin/reports): that list changes too. */
export async function reopenReportAction(reportId: string, reason: string) {
  return runAction((actor, ip) => reopenReport(db(), actor, textArg(reportId), textArg(reason), { ip }).then(() => undefined), () => {
    refresh();
    revalidatePath("/admin/reports");
  });
}
