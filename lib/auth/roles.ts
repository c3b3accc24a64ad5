import type { Role } from "@/lib/db/generated/enums";

export const ROLE_LABELS: Record<Role, string> = {
  REPORTER: "填报人",
  REVIEWER: "单位审核人",
  LEADER: "局领导",
  ADMIN: "系统管理员",
  SECURITY_OFFICER: "安全管理员",
  AUDITOR: "审计管理员",
};

/** Roles that act for one unit only (docs/domain.md, "People"). */
export const UNIT_ROLES: readonly Role[] = ["REPORTER", "REVIEWER"];

/** The signed-in person as lib/ sees them: enough to scope every query. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  departmentId: string | null;
  /** Set when the person must change an expired password or enrol two-factor before anything else. */
  pending?: "PASSWORD_EXPIRED" | "TOTP_ENROLL";
}
