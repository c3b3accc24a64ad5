"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/action";
import { db } from "@/lib/db/client";
import { updateAnnualGoal } from "@/lib/projects/update-annual-goal";

export async function updateAnnualGoalAction(projectId: string, input: unknown) {
  return runAction((actor, ip) => updateAnnualGoal(db(), actor, projectId, input, { ip }), () => revalidatePath(`/projects/${projectId}`));
}
