"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg } from "@/app/action";
import { importExpenditures } from "@/lib/budget/expenditure-import-service";
import type { ColumnMapping, ExpenditureRow } from "@/lib/budget/expenditure-import";
import { recordAdjustment, recordExpenditure, reverseExpenditure } from "@/lib/budget/records";
import { db } from "@/lib/db/client";

const refresh = (projectId: string) => () => revalidatePath(`/projects/${projectId}/budget`);

export async function recordExpenditureAction(projectId: string, input: unknown) {
  return runAction((actor, ip) => recordExpenditure(db(), actor, textArg(projectId), input, { ip }), refresh(projectId));
}

export async function recordAdjustmentAction(projectId: string, input: unknown) {
  return runAction((actor, ip) => recordAdjustment(db(), actor, textArg(projectId), input, { ip }), refresh(projectId));
}

export async function reverseExpenditureAction(projectId: string, expenditureId: string, reason: string) {
  return runAction((actor, ip) => reverseExpenditure(db(), actor, textArg(expenditureId), textArg(reason), { ip }), refresh(projectId));
}

export async function importExpendituresAction(projectId: string, rows: ExpenditureRow[], mapping: ColumnMapping, confirmed: boolean) {
  return runAction((actor, ip) => importExpenditures(db(), actor, textArg(projectId), { rows, mapping, confirmed: confirmed === true }, { ip }), refresh(projectId));
}
