import type { ReviewStatus, Role } from "@/lib/db/generated/enums";
import { EDITABLE_STATES, REVIEW_TRANSITIONS } from "@/lib/review/workflow";
import { forbidden, type AppError } from "@/lib/errors";
import { PRIVILEGED_ROLES } from "@/lib/security/password-policy";
import { ROLE_LABELS, UNIT_ROLES, type Actor } from "./roles";

// Who may do what: every write rule and every page's "may this person act here", in one table.
// Commands throw through `authorize`, views ask `can` and hand the answers to their page, the menu
// is the pages a person may open. Reads stay scoped inside their Prisma `where` (projectScope); the
// table says only whose data a role reads (READ_SCOPE). A rule is decided by, in this order:
//  1. the role (三权分立: the 系统管理员 runs the business side, the 安全管理员 gives roles and keeps
//     the privileged accounts, the 审计管理员 reads the trail — none of them does another's duty);
//  2. where the actor belongs (a unit's people act only in their unit, leaders in their department);
//  3. the subject's unit (unit scope) and workflow state (an approved record is locked; only a
//     reviewer approves; only the 系统管理员 reopens, with a reason), and whether its year is open.
// `authorize` checks 1, 2 and the unit; a command answers a wrong state with its own CONFLICT message
// (the record's state as the user reads it), and a closed year with the year's own message.

/** The person asking, as far as a rule needs them. */
export type Who = Pick<Actor, "id" | "role" | "unitId" | "departmentId">;

/** What an act is about, as far as a rule needs it. */
export interface Subject {
  /** The unit the record belongs to: unit-scoped rules need it to be the actor's own. */
  unitId?: string | null;
  /** The record's workflow state; null when there is none yet (nothing saved). */
  status?: ReviewStatus | null;
  /** Whether the record's fiscal year is closed: then it is read-only (lib/fiscal-years.ts rule 3). */
  closed?: boolean;
  /** The account acted on (the accounts' rules). */
  account?: { id: string; role: Role };
  /** The role an account is to be created with. */
  role?: Role;
  /** The act as a refusal names it ("停用账户", "关闭"). */
  act?: string;
}

/** What `authorize` may be given: state and year are the command's own answers (see above). */
export type AuthorizeSubject = Pick<Subject, "unitId" | "account" | "role" | "act">;

interface Rule {
  /** Roles that may (1). */
  roles: readonly Role[];
  /** The actor must belong to a unit, or a department, for the act to have a place (2). */
  needs?: "unit" | "department";
  /** The subject must be in the actor's own unit (3). */
  ownUnit?: true;
  /** Workflow states in which the act is open (3). */
  states?: readonly (ReviewStatus | null)[];
  /** Only in an open year (3). */
  openYear?: true;
  /** A further refusal that depends on the subject (the accounts' rules), or null. */
  also?: (actor: Who, subject: Subject) => string | null;
  /** What a refusal says; the generic one when absent. */
  refusal?: string | ((actor: Who, subject: Subject) => string);
}

/** A unit's people: they act in their own unit only. */
const UNIT_PEOPLE = UNIT_ROLES;
/** Project data is for a unit's people, leaders and the 系统管理员 only; never the security officer or auditor (三权分立). */
const PROJECT_READERS: readonly Role[] = ["REPORTER", "REVIEWER", "LEADER", "ADMIN"];
/** Those who oversee every unit of their department. */
const OVERSIGHT: readonly Role[] = ["LEADER", "ADMIN"];
const ALL: readonly Role[] = Object.keys(ROLE_LABELS) as Role[];

/** Roles the 系统管理员 creates and keeps; the rest are the privileged three (PRIVILEGED_ROLES). */
export const BUSINESS_ROLES: readonly Role[] = ["REPORTER", "REVIEWER", "LEADER"];
export const isPrivileged = (role: Role): boolean => PRIVILEGED_ROLES.includes(role);
/** The role that keeps an account of this role: its status, its name, its forgotten password. */
export const keeperOf = (role: Role): Role => (isPrivileged(role) ? "SECURITY_OFFICER" : "ADMIN");

// The states in which each step is open are the review workflow's (lib/review/workflow.ts): drafts and
// returned records are open to their author, a submitted one to its reviewer, an approved one only to
// the 系统管理员's reopening. A month's report exists before it is submitted, so "not saved yet" is no
// state of a report.
const EDITABLE = EDITABLE_STATES;
const SUBMITTABLE_REPORT = REVIEW_TRANSITIONS.SUBMIT.from.filter((s) => s !== null);
const REVIEWABLE = REVIEW_TRANSITIONS.APPROVE.from;
const REOPENABLE = REVIEW_TRANSITIONS.REOPEN.from;

const RULES = {
  // — Pages. What each role can open; the menu lists exactly these. Project data is for unit roles,
  //   leaders and admins only; the 安全管理员 sees accounts and policy, the 审计管理员 the trail (三权分立).
  "open:/projects": { roles: PROJECT_READERS },
  "open:/progress": { roles: UNIT_PEOPLE }, // a unit's own month: its reporters fill it, its reviewer reviews it
  "open:/dashboard": { roles: PROJECT_READERS },
  "open:/budget": { roles: PROJECT_READERS },
  "open:/monitoring": { roles: PROJECT_READERS },
  "open:/evaluations": { roles: PROJECT_READERS },
  "open:/targets/review": { roles: PROJECT_READERS },
  "open:/todo": { roles: PROJECT_READERS }, // 待办: a unit's people their month, leaders and admins the late units
  "open:/admin/import": { roles: ["ADMIN"] },
  "open:/admin/years": { roles: ["ADMIN"] },
  "open:/admin/reports": { roles: ["ADMIN"] },
  "open:/admin/users": { roles: ["ADMIN"] }, // business accounts; privileged ones are the security officer's
  "open:/admin/notifications": { roles: ["ADMIN"] },
  "open:/security/users": { roles: ["SECURITY_OFFICER"] },
  "open:/security/policy": { roles: ["SECURITY_OFFICER"] },
  "open:/audit": { roles: ["AUDITOR"] },

  // — Targets. A unit's reporter writes its own projects' targets (the scope is in the `where`); the
  //   系统管理员 maintains every department's. Reviewers and leaders read them. Approving (批复锁定) is
  //   the 系统管理员's; after it a change needs a reason (lib/targets/indicators.ts).
  "annualGoal.edit": { roles: ["REPORTER", "ADMIN"], refusal: "您的角色不能修改项目目标。" },
  "indicator.edit": { roles: ["REPORTER", "ADMIN"], refusal: "您的角色不能修改绩效目标。" },
  "targets.lock": { roles: ["ADMIN"], refusal: "只有系统管理员可以批复或解除锁定年度目标。" },
  "targets.import": { roles: ["ADMIN"], refusal: "只有系统管理员可以导入绩效目标。" },
  "targets.draftNextYear": { roles: ["ADMIN"], refusal: "只有系统管理员可以起草下一年度绩效目标。" },
  // The published table goes out under the department's name: its leader or its 系统管理员.
  "table12.export": { roles: ["ADMIN", "LEADER"], refusal: "项目绩效目标公开表（表12）由系统管理员或局领导导出。" },
  // Opening, closing, reopening a year is the 系统管理员's (a closed year is read-only to everyone).
  "fiscalYear.change": { roles: ["ADMIN"], refusal: (_, s) => `只有系统管理员可以${s.act ?? "管理"}预算年度。` },
  "fiscalYear.manage": { roles: ["ADMIN"], refusal: "只有系统管理员管理预算年度。" },

  // — The monthly report. A unit's reporters fill its month; its reviewer approves or returns it; an
  //   approved month is locked (a signed copy), and only the 系统管理员 reopens one, with a reason.
  "month.work": { roles: UNIT_PEOPLE, needs: "unit", refusal: "只有单位填报人和审核人使用月度填报。" },
  // Leaders read any unit of their department (what was reviewed, unless they ask for drafts).
  "month.readDepartment": { roles: ["LEADER"], needs: "department", refusal: "只有填报人、审核人和局领导可以读取月度填报。" },
  "month.edit": { roles: ["REPORTER"], ownUnit: true, openYear: true, states: EDITABLE },
  "checkIn.write": { roles: ["REPORTER"], needs: "unit", refusal: "只有本单位的填报人可以填报进展。" },
  // Evidence is part of the month's report and locks with it, like its check-ins.
  "evidence.write": { roles: ["REPORTER"], needs: "unit", ownUnit: true, refusal: "只有本单位的填报人可以上传或删除佐证材料。" },
  // The upload route refuses before it reads the file (its own wording); the unit is checked in lib/ as above.
  "evidence.upload": { roles: ["REPORTER"], refusal: "只有本单位的填报人可以上传佐证材料。" },
  "report.submit": { roles: ["REPORTER"], ownUnit: true, states: SUBMITTABLE_REPORT },
  "report.review": { roles: ["REVIEWER"], ownUnit: true, states: REVIEWABLE },
  "report.reopen": { roles: ["ADMIN"], states: REOPENABLE },
  "report.history": { roles: UNIT_PEOPLE, needs: "unit" },
  "report.reviewQueue": { roles: ["REVIEWER"], needs: "unit", refusal: "只有单位审核人有审核待办。" },
  "report.listAll": { roles: ["ADMIN"], refusal: "只有系统管理员可以查看全部月度填报。" },

  // — Budget execution: the unit's reporter records what was spent, in an open year.
  "budget.record": { roles: ["REPORTER"], needs: "unit", ownUnit: true, openYear: true, refusal: "只有本单位的填报人可以录入支出和预算调整。" },
  "expenditure.import": { roles: ["REPORTER"], needs: "unit", refusal: "只有本单位的填报人可以导入支出。" },

  // — The year-end self-evaluation: the same flow as the month (draft → submitted → approved/returned).
  "evaluation.edit": { roles: ["REPORTER"], ownUnit: true, openYear: true, states: EDITABLE, refusal: "只有本单位填报人可以填写绩效自评。" },
  "evaluation.review": { roles: ["REVIEWER"], ownUnit: true, openYear: true, states: REVIEWABLE, refusal: "只有本单位审核人可以审核绩效自评。" },
  "evaluation.reopen": { roles: ["ADMIN"], openYear: true, states: REOPENABLE, refusal: "只有系统管理员可以重新打开已审核的绩效自评。" },

  // — Deadlines and reminders: leaders and the 系统管理员 watch their department's units and remind
  //   them; the 系统管理员 sets the deadlines; a unit's people read the reminders sent to them.
  "deadlines.configure": { roles: ["ADMIN"], needs: "department", refusal: "只有本部门的系统管理员可以设置填报期限和通知。" },
  "reminder.send": { roles: OVERSIGHT, needs: "department", refusal: "只有局领导和系统管理员可以催办。" },
  "reminder.listSent": { roles: OVERSIGHT, needs: "department" },
  "reminder.markRead": { roles: UNIT_PEOPLE, needs: "unit" },
  "lateness.read": { roles: OVERSIGHT, needs: "department", refusal: "只有局领导和系统管理员可以查看各单位的逾期情况。" },
  "todo.read": { roles: PROJECT_READERS },
  // Whose 待办 is the late units of the department (the others': their own unit's month).
  "todo.units": { roles: OVERSIGHT },
  "todo.own": { roles: UNIT_PEOPLE, needs: "unit", refusal: "该角色没有待办事项。" },

  // — The audit trail is the 审计管理员's alone: nobody whose acts it records reads or exports it.
  "audit.read": { roles: ["AUDITOR"], refusal: "只有审计管理员可以查看审计日志。" },
  "audit.export": { roles: ["AUDITOR"], refusal: "只有审计管理员可以导出审计日志。" },
  "audit.verify": { roles: ["AUDITOR"], refusal: "只有审计管理员可以校验审计日志。" },

  // — Accounts (三权分立): the 系统管理员 creates business accounts (填报人, 单位审核人, 局领导) and keeps
  //   them — name, unit, disabling, a forgotten password — but never gives a role, so never makes anyone
  //   an administrator; the 安全管理员 gives every role and keeps the privileged accounts, so the admin
  //   cannot take one over; nobody changes their own role or status. Accounts are never deleted.
  "account.list": { roles: ["ADMIN", "SECURITY_OFFICER"], refusal: "只有系统管理员和安全管理员可以查看账户。" },
  "account.manage": { roles: ["ADMIN", "SECURITY_OFFICER"], refusal: "只有系统管理员和安全管理员可以管理账户。" },
  "account.keep": {
    roles: ALL,
    also: (actor, s) => {
      const target = s.account;
      if (!target) return null;
      const keeper = keeperOf(target.role);
      const what = s.act ?? "管理账户";
      if (actor.id === target.id) return `不能由本人${what}；请由${actor.role === keeper ? "另一位" : ""}${ROLE_LABELS[keeper]}办理。`;
      if (actor.role === keeper) return null;
      return isPrivileged(target.role) ? `${ROLE_LABELS[target.role]}账户由安全管理员管理，${ROLE_LABELS[actor.role]}不能${what}。` : `业务账户由系统管理员管理，${ROLE_LABELS[actor.role]}不能${what}。`;
    },
  },
  "account.create": {
    roles: ["ADMIN"],
    refusal: "只有系统管理员可以创建账户。",
    also: (_, s) => (!s.role || BUSINESS_ROLES.includes(s.role) ? null : `系统管理员只能创建填报人、单位审核人、局领导账户；${ROLE_LABELS[s.role]}角色由安全管理员授予。`),
  },
  "account.bulkCreate": { roles: ["ADMIN"], refusal: "只有系统管理员可以批量创建账户。" },
  "account.template": { roles: ["ADMIN"], refusal: "只有系统管理员可以下载账户模板。" },
  "account.giveRole": { roles: ["SECURITY_OFFICER"], refusal: "只有安全管理员可以调整角色。", also: (actor, s) => (s.account && s.account.id === actor.id ? "不能调整自己的角色。" : null) },
  "account.unlock": { roles: ["SECURITY_OFFICER"], refusal: "只有安全管理员可以解锁账户。" },
  "session.endOther": { roles: ["SECURITY_OFFICER"], refusal: "只有安全管理员可以结束他人的会话。" },
  "totp.resetOther": { roles: ["SECURITY_OFFICER"], refusal: "只有安全管理员可以重置他人的双因素认证。" },
  "securityPolicy.edit": { roles: ["SECURITY_OFFICER"], refusal: "只有安全管理员可以修改登录与密码策略。" },
} satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export type Page = Extract<Action, `open:${string}`> extends `open:${infer P}` ? P : never;
export const ACTIONS = Object.keys(RULES) as Action[];

const rule = (action: Action): Rule => RULES[action];

/** Why `actor` may not do `action`: the refusal's message, or null when they may. Checks only what `subject` gives. */
function refusal(actor: Who, action: Action, subject: Subject, full: boolean): string | null {
  const r = rule(action);
  const say = () => (typeof r.refusal === "function" ? r.refusal(actor, subject) : (r.refusal ?? forbidden().message));
  if (!r.roles.includes(actor.role)) return say();
  if (r.needs === "unit" && !actor.unitId) return say();
  if (r.needs === "department" && !actor.departmentId) return say();
  if (r.ownUnit && subject.unitId !== undefined && (!actor.unitId || subject.unitId !== actor.unitId)) return say();
  const further = r.also?.(actor, subject);
  if (further) return further;
  if (!full) return null;
  if (r.states && subject.status !== undefined && !r.states.includes(subject.status)) return say();
  if (r.openYear && subject.closed) return say();
  return null;
}

/** Whether `actor` may do `action` (to `subject`, when given: its unit, state and year are checked too). */
export function can(actor: Who, action: Action, subject: Subject = {}): boolean {
  return refusal(actor, action, subject, true) === null;
}

/**
 * Throws the rule's FORBIDDEN (with its Chinese message) unless `actor` may do `action`. The wrappers
 * (runAction, Route Handlers, pages) record it on the audit trail once.
 */
export function authorize(actor: Who, action: Action, subject: AuthorizeSubject = {}): void {
  const refused = refusalOf(actor, action, subject);
  if (refused) throw refused;
}

/** The FORBIDDEN `authorize` would throw, or null: for a command that records its own refusal before throwing it. */
export function refusalOf(actor: Who, action: Action, subject: AuthorizeSubject = {}): AppError | null {
  const message = refusal(actor, action, subject, false);
  return message === null ? null : forbidden(message);
}

/** `authorize` for an act done in the actor's own unit (a rule that needs one): that unit's id. */
export function authorizedUnit(actor: Who, action: Action, subject: AuthorizeSubject = {}): string {
  authorize(actor, action, subject);
  if (!actor.unitId) throw forbidden(); // only for rules that need a unit, which refused already
  return actor.unitId;
}

/** `authorize` for an act done in the actor's own department (a rule that needs one): that department's id. */
export function authorizedDepartment(actor: Who, action: Action): string {
  authorize(actor, action);
  if (!actor.departmentId) throw forbidden();
  return actor.departmentId;
}

/** The roles a rule admits, for guards that name them in their refusal (requireRole's "仅限…"). */
export function rolesFor(action: Action): Role[] {
  return [...rule(action).roles];
}

/** Whose project data a role reads: its unit's, its department's, all, or none (三权分立: the security officer and auditor none). */
export const READ_SCOPE: Record<Role, "unit" | "department" | "all" | null> = {
  REPORTER: "unit",
  REVIEWER: "unit",
  LEADER: "department",
  ADMIN: "all", // it imports and maintains every department
  SECURITY_OFFICER: null,
  AUDITOR: null,
};

export const readScope = (actor: Pick<Actor, "role">) => READ_SCOPE[actor.role];

/** Account roles an actor sees: the security officer gives every role so sees every account; the 系统管理员 those it keeps. */
export function visibleAccountRoles(actor: Who): readonly Role[] {
  return can(actor, "account.giveRole") ? ALL : BUSINESS_ROLES;
}
