import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import type { Actor } from "@/lib/auth/roles";
import { createUser } from "@/lib/accounts/write";
import { generatePassword } from "@/lib/auth/password";
import { seedLiuzhou } from "@/lib/db/seed";

/** The seeded department and a fresh user of `role` (in `unitCode` for unit roles), with their password. */
export async function makeUser(db: Db, role: Role, unitCode?: string): Promise<{ actor: Actor; password: string }> {
  const seeded = await seedLiuzhou(db);
  const unit = unitCode ? await db.unit.findUniqueOrThrow({ where: { code: unitCode } }) : null;
  const password = generatePassword();
  const user = await createUser(db, null, {
    username: `${role.toLowerCase()}_${randomBytes(4).toString("hex")}`,
    displayName: `测试${role}`,
    password,
    role,
    unitId: unit?.id ?? null,
    departmentId: seeded.departmentId,
  });
  return {
    actor: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, departmentId: user.departmentId },
    password,
  };
}
