"use server";

import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/session";
import { unlockUser } from "@/lib/auth/users";
import { db } from "@/lib/db/client";

export async function unlockUserAction(formData: FormData): Promise<void> {
  const actor = await currentActor();
  const username = formData.get("username");
  if (!actor || typeof username !== "string") return;
  await unlockUser(db(), actor, username);
  revalidatePath("/security/users");
}
