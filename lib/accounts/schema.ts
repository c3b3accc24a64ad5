import { z } from "zod";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/generated/enums";

// The account forms' fields, checked in the browser and again in lib/accounts (one schema for both).

export const USERNAME_RULE = "用户名为 3–32 位字母、数字或 . _ -，以字母或数字开头";

export const usernameSchema = z
  .string({ error: "请填写用户名" })
  .trim()
  .min(1, "请填写用户名")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/, USERNAME_RULE);

export const displayNameSchema = z
  .string({ error: "请填写姓名" })
  .trim()
  .min(1, "请填写姓名")
  .max(32, "姓名不能超过 32 个字")
  .refine((v) => !/[\p{Cc}\p{Cf}\p{Cs}]/u.test(v), "姓名中含有无法显示的字符");

/** A unit or department: absent means "as it is", "" means none was chosen (refused where one is needed). */
const optionalId = z.preprocess((v) => (v === null ? "" : v), z.string().max(64).optional());

const roleOf = (roles: readonly Role[], message: string) =>
  z.string({ error: message }).refine((v): v is Role => roles.includes(v as Role), message).transform((v) => v as Role);

export const accountRoleOptions = (roles: readonly Role[]) => roles.map((value) => ({ value, label: ROLE_LABELS[value] }));

/** 新建账户. An empty password means "generate one" (a compliant one-time password, shown once). */
export function newAccountSchema(roles: readonly Role[]) {
  return z.object({
    displayName: displayNameSchema,
    username: usernameSchema,
    role: roleOf(roles, `请选择角色（${roles.map((r) => ROLE_LABELS[r]).join("、")}）`),
    unitId: optionalId,
    departmentId: optionalId,
    // Held to the sign-in policy (length included) in lib/accounts, where the policy is.
    password: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().optional()),
  });
}
export type NewAccountInput = z.input<ReturnType<typeof newAccountSchema>>;

/** 修改账户信息: the name, and the unit (unit roles) or department (the rest). */
export const accountEditSchema = z.object({
  displayName: displayNameSchema,
  unitId: optionalId,
  departmentId: optionalId,
});
export type AccountEditInput = z.input<typeof accountEditSchema>;

/** 调整角色: a unit roles' new unit comes with it. */
export function roleChangeSchema(roles: readonly Role[]) {
  return z.object({
    role: roleOf(roles, "请选择角色"),
    unitId: optionalId,
    departmentId: optionalId,
  });
}
export type RoleChangeInput = z.input<ReturnType<typeof roleChangeSchema>>;

/** Field errors of a failed parse, by field name (the first message of each). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
