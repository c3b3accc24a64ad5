import { describe, expect, it } from "vitest";
import type { ReviewStatus, Role } from "@/lib/db/generated/enums";
import { ACTIONS, authorize, can, readScope, visibleAccountRoles, type Action, type Subject, type Who } from "@/lib/auth/policy";
import { homePath, navItems } from "@/lib/auth/navigation";
import { AppError } from "@/lib/errors";

// Every rule of lib/auth/policy.ts written out by hand: who may do each act, in each workflow state, in
// their own unit or another, in an open or a closed year. A changed rule fails the row that names it.
// Roles as one letter: R 填报人, V 单位审核人, L 局领导, A 系统管理员, S 安全管理员, U 审计管理员.

const LETTER: Record<string, Role> = { R: "REPORTER", V: "REVIEWER", L: "LEADER", A: "ADMIN", S: "SECURITY_OFFICER", U: "AUDITOR" };
const ROLES = Object.values(LETTER);

/** Each role as a person: unit people in unit u1 of department d1, everyone else in department d1. */
const person = (role: Role, over: Partial<Who> = {}): Who => ({
  id: `id-${role}`,
  role,
  unitId: role === "REPORTER" || role === "REVIEWER" ? "u1" : null,
  departmentId: "d1",
  ...over,
});

/** [action, who may ("RVLA"; "" nobody)] — asked with no subject: the role (and where they belong) alone. */
const BY_ROLE: [Action, string][] = [
  ["open:/projects", "RVLA"],
  ["open:/progress", "RV"],
  ["open:/dashboard", "RVLA"],
  ["open:/budget", "RVLA"],
  ["open:/monitoring", "RVLA"],
  ["open:/evaluations", "RVLA"],
  ["open:/targets/review", "RVLA"],
  ["open:/todo", "RVLA"],
  ["open:/admin/import", "A"],
  ["open:/admin/years", "A"],
  ["open:/admin/reports", "A"],
  ["open:/admin/users", "A"],
  ["open:/admin/notifications", "A"],
  ["open:/security/users", "S"],
  ["open:/security/policy", "S"],
  ["open:/audit", "U"],
  ["annualGoal.edit", "RA"],
  ["indicator.edit", "RA"],
  ["targets.lock", "A"],
  ["targets.import", "A"],
  ["targets.draftNextYear", "A"],
  ["table12.export", "LA"],
  ["fiscalYear.change", "A"],
  ["fiscalYear.manage", "A"],
  ["month.work", "RV"],
  ["month.readDepartment", "L"],
  ["month.edit", "R"],
  ["checkIn.write", "R"],
  ["evidence.write", "R"],
  ["evidence.upload", "R"],
  ["report.submit", "R"],
  ["report.review", "V"],
  ["report.reopen", "A"],
  ["report.history", "RV"],
  ["report.reviewQueue", "V"],
  ["report.listAll", "A"],
  ["budget.record", "R"],
  ["expenditure.import", "R"],
  ["evaluation.edit", "R"],
  ["evaluation.review", "V"],
  ["evaluation.reopen", "A"],
  ["deadlines.configure", "A"],
  ["reminder.send", "LA"],
  ["reminder.listSent", "LA"],
  ["reminder.markRead", "RV"],
  ["lateness.read", "LA"],
  ["todo.read", "RVLA"],
  ["todo.units", "LA"],
  ["todo.own", "RV"],
  ["audit.read", "U"],
  ["audit.export", "U"],
  ["audit.verify", "U"],
  ["account.list", "AS"],
  ["account.manage", "AS"],
  ["account.create", "A"],
  ["account.bulkCreate", "A"],
  ["account.template", "A"],
  ["account.giveRole", "S"],
  ["account.unlock", "S"],
  ["session.endOther", "S"],
  ["totp.resetOther", "S"],
  ["securityPolicy.edit", "S"],
];

const STATES: (ReviewStatus | null)[] = [null, "DRAFT", "SUBMITTED", "RETURNED", "APPROVED"];
const stateName = (s: ReviewStatus | null) => s ?? "none yet";

/** [action, state, who may] — a record of the actor's own unit (u1) in an open year. */
const BY_STATE: [Action, ReviewStatus | null, string][] = [
  ["month.edit", null, "R"],
  ["month.edit", "DRAFT", "R"],
  ["month.edit", "SUBMITTED", ""],
  ["month.edit", "RETURNED", "R"],
  ["month.edit", "APPROVED", ""],
  ["report.submit", null, ""],
  ["report.submit", "DRAFT", "R"],
  ["report.submit", "SUBMITTED", ""],
  ["report.submit", "RETURNED", "R"],
  ["report.submit", "APPROVED", ""],
  ["report.review", null, ""],
  ["report.review", "DRAFT", ""],
  ["report.review", "SUBMITTED", "V"],
  ["report.review", "RETURNED", ""],
  ["report.review", "APPROVED", ""],
  ["report.reopen", null, ""],
  ["report.reopen", "DRAFT", ""],
  ["report.reopen", "SUBMITTED", ""],
  ["report.reopen", "RETURNED", ""],
  ["report.reopen", "APPROVED", "A"],
  ["evaluation.edit", null, "R"],
  ["evaluation.edit", "DRAFT", "R"],
  ["evaluation.edit", "SUBMITTED", ""],
  ["evaluation.edit", "RETURNED", "R"],
  ["evaluation.edit", "APPROVED", ""],
  ["evaluation.review", null, ""],
  ["evaluation.review", "DRAFT", ""],
  ["evaluation.review", "SUBMITTED", "V"],
  ["evaluation.review", "RETURNED", ""],
  ["evaluation.review", "APPROVED", ""],
  ["evaluation.reopen", null, ""],
  ["evaluation.reopen", "DRAFT", ""],
  ["evaluation.reopen", "SUBMITTED", ""],
  ["evaluation.reopen", "RETURNED", ""],
  ["evaluation.reopen", "APPROVED", "A"],
];

/** [action, subject, label, who may] — unit scope and closed years. */
const BY_PLACE: [Action, Subject, string, string][] = [
  ["month.edit", { unitId: "u1", status: "DRAFT" }, "own unit", "R"],
  ["month.edit", { unitId: "u2", status: "DRAFT" }, "another unit", ""],
  ["month.edit", { unitId: "u1", status: "DRAFT", closed: true }, "closed year", ""],
  ["report.submit", { unitId: "u2", status: "DRAFT" }, "another unit", ""],
  ["report.review", { unitId: "u2", status: "SUBMITTED" }, "another unit", ""],
  ["report.reopen", { unitId: "u2", status: "APPROVED" }, "any unit", "A"],
  ["evidence.write", { unitId: "u1" }, "own unit", "R"],
  ["evidence.write", { unitId: "u2" }, "another unit", ""],
  ["budget.record", { unitId: "u1" }, "own unit", "R"],
  ["budget.record", { unitId: "u2" }, "another unit", ""],
  ["budget.record", { unitId: "u1", closed: true }, "closed year", ""],
  ["evaluation.edit", { unitId: "u2", status: "DRAFT" }, "another unit", ""],
  ["evaluation.edit", { unitId: "u1", status: "DRAFT", closed: true }, "closed year", ""],
  ["evaluation.review", { unitId: "u2", status: "SUBMITTED" }, "another unit", ""],
  ["evaluation.review", { unitId: "u1", status: "SUBMITTED", closed: true }, "closed year", ""],
  ["evaluation.reopen", { unitId: "u2", status: "APPROVED" }, "any unit", "A"],
  ["evaluation.reopen", { unitId: "u1", status: "APPROVED", closed: true }, "closed year", ""],
];

const expand = (who: string) => ROLES.map((role) => [role, who.split("").map((l) => LETTER[l]).includes(role)] as const);

describe("policy: who may, by role", () => {
  it("lists every action of the policy in this table, once", () => {
    expect(BY_ROLE.map(([a]) => a).sort()).toEqual(ACTIONS.filter((a) => a !== "account.keep").sort());
  });
  for (const [action, who] of BY_ROLE) {
    it.each(expand(who))(`${action} · %s → %s`, (role, allowed) => {
      expect(can(person(role), action)).toBe(allowed);
    });
  }
});

describe("policy: workflow state (own unit, open year)", () => {
  it("covers every state of every workflow action", () => {
    for (const action of new Set(BY_STATE.map(([a]) => a))) expect(BY_STATE.filter(([a]) => a === action).map(([, s]) => s)).toEqual(STATES);
  });
  for (const [action, state, who] of BY_STATE) {
    it.each(expand(who))(`${action} · ${stateName(state)} · %s → %s`, (role, allowed) => {
      expect(can(person(role), action, { unitId: "u1", status: state, closed: false })).toBe(allowed);
    });
  }
});

describe("policy: unit scope and closed years", () => {
  for (const [action, subject, label, who] of BY_PLACE) {
    it.each(expand(who))(`${action} · ${label} · %s → %s`, (role, allowed) => {
      expect(can(person(role), action, subject)).toBe(allowed);
    });
  }
});

describe("policy: where the actor belongs", () => {
  it.each<[Action, Role, Partial<Who>]>([
    ["checkIn.write", "REPORTER", { unitId: null }],
    ["evidence.write", "REPORTER", { unitId: null }],
    ["budget.record", "REPORTER", { unitId: null }],
    ["month.work", "REVIEWER", { unitId: null }],
    ["report.reviewQueue", "REVIEWER", { unitId: null }],
    ["month.edit", "REPORTER", { unitId: null }],
    ["month.readDepartment", "LEADER", { departmentId: null }],
    ["reminder.send", "LEADER", { departmentId: null }],
    ["lateness.read", "ADMIN", { departmentId: null }],
    ["deadlines.configure", "ADMIN", { departmentId: null }],
  ])("%s · %s without a place → no", (action, role, over) => {
    expect(can(person(role, over), action, action === "month.edit" ? { unitId: "u1", status: "DRAFT" } : {})).toBe(false);
  });
});

describe("policy: accounts (三权分立)", () => {
  const admin = person("ADMIN");
  const officer = person("SECURITY_OFFICER");
  const account = (role: Role, id = `other-${role}`) => ({ id, role });
  it.each<[string, Who, { id: string; role: Role }, boolean]>([
    ["the admin keeps a reporter", admin, account("REPORTER"), true],
    ["the admin keeps a leader", admin, account("LEADER"), true],
    ["the admin does not keep another admin", admin, account("ADMIN"), false],
    ["the admin does not keep the auditor", admin, account("AUDITOR"), false],
    ["the admin does not keep themselves", admin, account("ADMIN", admin.id), false],
    ["the officer keeps an admin", officer, account("ADMIN"), true],
    ["the officer keeps the auditor", officer, account("AUDITOR"), true],
    ["the officer does not keep a reporter", officer, account("REPORTER"), false],
    ["the officer does not keep themselves", officer, account("SECURITY_OFFICER", officer.id), false],
    ["the auditor keeps nobody", person("AUDITOR"), account("REPORTER"), false],
    ["a reporter keeps nobody", person("REPORTER"), account("REPORTER"), false],
  ])("account.keep: %s", (_, actor, target, allowed) => {
    expect(can(actor, "account.keep", { account: target })).toBe(allowed);
  });
  it.each<[Role, boolean]>([["REPORTER", true], ["REVIEWER", true], ["LEADER", true], ["ADMIN", false], ["SECURITY_OFFICER", false], ["AUDITOR", false]])("account.create by the admin · %s → %s", (role, allowed) => {
    expect(can(admin, "account.create", { role })).toBe(allowed);
  });
  it("the officer gives roles, never their own", () => {
    expect(can(officer, "account.giveRole", { account: account("ADMIN") })).toBe(true);
    expect(can(officer, "account.giveRole", { account: account("SECURITY_OFFICER", officer.id) })).toBe(false);
  });
  it("the admin sees the accounts it keeps, the officer every account", () => {
    expect(visibleAccountRoles(admin)).toEqual(["REPORTER", "REVIEWER", "LEADER"]);
    expect(visibleAccountRoles(officer)).toEqual(ROLES);
  });
});

describe("policy: whose project data a role reads", () => {
  it.each<[Role, string | null]>([["REPORTER", "unit"], ["REVIEWER", "unit"], ["LEADER", "department"], ["ADMIN", "all"], ["SECURITY_OFFICER", null], ["AUDITOR", null]])("%s → %s", (role, scope) => {
    expect(readScope(person(role))).toBe(scope);
  });
});

/** The refusal's own words: authorize throws FORBIDDEN with exactly what the user reads. */
function refused(actor: Who, action: Action, subject: Parameters<typeof authorize>[2] = {}): string {
  try {
    authorize(actor, action, subject);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("FORBIDDEN");
    return (error as AppError).message;
  }
  throw new Error(`${action} was not refused`);
}

describe("policy: refusal messages", () => {
  const generic = "您没有执行此操作的权限。";
  it.each<[Action, Role, string]>([
    ["annualGoal.edit", "LEADER", "您的角色不能修改项目目标。"],
    ["indicator.edit", "REVIEWER", "您的角色不能修改绩效目标。"],
    ["targets.lock", "LEADER", "只有系统管理员可以批复或解除锁定年度目标。"],
    ["targets.import", "SECURITY_OFFICER", "只有系统管理员可以导入绩效目标。"],
    ["targets.draftNextYear", "LEADER", "只有系统管理员可以起草下一年度绩效目标。"],
    ["table12.export", "REPORTER", "项目绩效目标公开表（表12）由系统管理员或局领导导出。"],
    ["fiscalYear.manage", "LEADER", "只有系统管理员管理预算年度。"],
    ["month.work", "LEADER", "只有单位填报人和审核人使用月度填报。"],
    ["month.readDepartment", "ADMIN", "只有填报人、审核人和局领导可以读取月度填报。"],
    ["checkIn.write", "REVIEWER", "只有本单位的填报人可以填报进展。"],
    ["evidence.write", "REVIEWER", "只有本单位的填报人可以上传或删除佐证材料。"],
    ["evidence.upload", "ADMIN", "只有本单位的填报人可以上传佐证材料。"],
    ["report.submit", "REVIEWER", generic],
    ["report.review", "REPORTER", generic],
    ["report.reopen", "REVIEWER", generic],
    ["report.history", "LEADER", generic],
    ["report.reviewQueue", "REPORTER", "只有单位审核人有审核待办。"],
    ["report.listAll", "LEADER", "只有系统管理员可以查看全部月度填报。"],
    ["budget.record", "REVIEWER", "只有本单位的填报人可以录入支出和预算调整。"],
    ["expenditure.import", "ADMIN", "只有本单位的填报人可以导入支出。"],
    ["evaluation.edit", "REVIEWER", "只有本单位填报人可以填写绩效自评。"],
    ["evaluation.review", "REPORTER", "只有本单位审核人可以审核绩效自评。"],
    ["evaluation.reopen", "REVIEWER", "只有系统管理员可以重新打开已审核的绩效自评。"],
    ["deadlines.configure", "LEADER", "只有本部门的系统管理员可以设置填报期限和通知。"],
    ["reminder.send", "REPORTER", "只有局领导和系统管理员可以催办。"],
    ["reminder.listSent", "REPORTER", generic],
    ["reminder.markRead", "LEADER", generic],
    ["lateness.read", "REVIEWER", "只有局领导和系统管理员可以查看各单位的逾期情况。"],
    ["todo.own", "AUDITOR", "该角色没有待办事项。"],
    ["audit.read", "ADMIN", "只有审计管理员可以查看审计日志。"],
    ["audit.export", "SECURITY_OFFICER", "只有审计管理员可以导出审计日志。"],
    ["audit.verify", "ADMIN", "只有审计管理员可以校验审计日志。"],
    ["account.list", "AUDITOR", "只有系统管理员和安全管理员可以查看账户。"],
    ["account.manage", "LEADER", "只有系统管理员和安全管理员可以管理账户。"],
    ["account.create", "SECURITY_OFFICER", "只有系统管理员可以创建账户。"],
    ["account.bulkCreate", "SECURITY_OFFICER", "只有系统管理员可以批量创建账户。"],
    ["account.template", "LEADER", "只有系统管理员可以下载账户模板。"],
    ["account.giveRole", "ADMIN", "只有安全管理员可以调整角色。"],
    ["account.unlock", "ADMIN", "只有安全管理员可以解锁账户。"],
    ["session.endOther", "ADMIN", "只有安全管理员可以结束他人的会话。"],
    ["totp.resetOther", "ADMIN", "只有安全管理员可以重置他人的双因素认证。"],
    ["securityPolicy.edit", "ADMIN", "只有安全管理员可以修改登录与密码策略。"],
  ])("%s refused to %s: %s", (action, role, message) => {
    expect(refused(person(role), action)).toBe(message);
  });

  it("names the act and the keeper for accounts", () => {
    expect(refused(person("LEADER"), "fiscalYear.change", { act: "关闭" })).toBe("只有系统管理员可以关闭预算年度。");
    expect(refused(person("ADMIN"), "account.keep", { account: { id: "x", role: "AUDITOR" }, act: "停用账户" })).toBe("审计管理员账户由安全管理员管理，系统管理员不能停用账户。");
    expect(refused(person("SECURITY_OFFICER"), "account.keep", { account: { id: "x", role: "REPORTER" }, act: "重置密码" })).toBe("业务账户由系统管理员管理，安全管理员不能重置密码。");
    expect(refused(person("ADMIN"), "account.keep", { account: { id: "id-ADMIN", role: "ADMIN" }, act: "停用账户" })).toBe("不能由本人停用账户；请由安全管理员办理。");
    expect(refused(person("SECURITY_OFFICER"), "account.keep", { account: { id: "id-SECURITY_OFFICER", role: "SECURITY_OFFICER" }, act: "停用账户" })).toBe("不能由本人停用账户；请由另一位安全管理员办理。");
    expect(refused(person("ADMIN"), "account.create", { role: "AUDITOR" })).toBe("系统管理员只能创建填报人、单位审核人、局领导账户；审计管理员角色由安全管理员授予。");
    expect(refused(person("SECURITY_OFFICER"), "account.giveRole", { account: { id: "id-SECURITY_OFFICER", role: "SECURITY_OFFICER" } })).toBe("不能调整自己的角色。");
  });

  it("checks the unit in authorize, and leaves the workflow state to the command", () => {
    expect(refused(person("REPORTER"), "evaluation.edit", { unitId: "u2" })).toBe("只有本单位填报人可以填写绩效自评。");
    expect(() => authorize(person("REPORTER"), "evaluation.edit", { unitId: "u1" })).not.toThrow();
  });
});

describe("navigation comes from the policy", () => {
  it.each<[Role, string]>([
    ["REPORTER", "/projects 项目 · /progress 我的填报 · /dashboard 总览 · /budget 预算执行 · /monitoring 监控表 · /evaluations 绩效自评 · /targets/review 目标审核"],
    ["REVIEWER", "/projects 项目 · /progress 填报审核 · /dashboard 总览 · /budget 预算执行 · /monitoring 监控表 · /evaluations 绩效自评 · /targets/review 目标审核"],
    ["LEADER", "/dashboard 总览 · /projects 项目 · /budget 预算执行 · /monitoring 监控表 · /evaluations 绩效自评 · /targets/review 目标审核"],
    ["ADMIN", "/dashboard 总览 · /projects 项目 · /budget 预算执行 · /monitoring 监控表 · /evaluations 绩效自评 · /targets/review 目标审核 · /admin/import 导入目标 · /admin/years 预算年度 · /admin/reports 月度填报 · /admin/users 账户管理 · /admin/notifications 期限与通知"],
    ["SECURITY_OFFICER", "/security/users 账户与角色 · /security/policy 登录与密码策略"],
    ["AUDITOR", "/audit 审计日志"],
  ])("%s: %s", (role, menu) => {
    const actor = person(role);
    expect(navItems(actor).map((i) => `${i.href} ${i.label}`).join(" · ")).toBe(menu);
    expect(homePath(actor)).toBe(menu.split(" ")[0]);
  });
});
