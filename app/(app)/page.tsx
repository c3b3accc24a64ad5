import { redirect } from "next/navigation";
import { homePath } from "@/lib/auth/navigation";
import { requireActor } from "@/lib/auth/session";

export default async function HomePage() {
  const actor = await requireActor();
  redirect(homePath(actor.role));
}
