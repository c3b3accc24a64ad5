"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg } from "@/app/action";
import { db } from "@/lib/db/client";
import { closeYear, reopenYear } from "@/lib/fiscal-years";
import { draftNextYear } from "@/lib/targets/next-year";

const refresh = () => revalidatePath("/", "layout");

export async function closeYearAction(fiscalYearId: string) {
  return runAction((actor, ip) => closeYear(db(), actor, textArg(fiscalYearId), { ip }), refresh);
}

export async function reopenYearAction(fiscalYearId: string, reason: string) {
  return runAction((actor, ip) => reopenYear(db(), actor, textArg(fiscalYearId), textArg(reason), { ip }), refresh);
}

export async function draftNextYearAction(departmentId: string, fromYear: number, projectIds: unknown) {
  const ids = Array.isArray(projectIds) ? projectIds.map(textArg) : [];
  return runAction((actor, ip) => draftNextYear(db(), actor, { departmentId: textArg(departmentId), fromYear: Number.isSafeInteger(fromYear) ? fromYear : -1, projectIds: ids }, { ip }), refresh);
}
