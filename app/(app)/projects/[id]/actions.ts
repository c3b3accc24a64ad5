"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg } from "@/app/action";
import { db } from "@/lib/db/client";
import { updateAnnualGoal } from "@/lib/projects/update-annual-goal";

export async function updateAnnualGoalAction(projectId: string, input: unknown) {
  return runAction((actor, ip) => updateAnnualGoal(db(), actor, textArg(projectId), input, { ip }), () => revalidatePath(`/projects/${projectId}`));
}
