import { ROLE_LABELS } from "@/lib/auth/roles";
import { REVIEW_STATUS_LABELS } from "@/lib/review/workflow";
import { DEVIATION_CAUSE_LABELS, LIKELIHOOD_LABELS } from "@/lib/progress/check-in-schema";
import { FORMAT_LABELS } from "@/lib/notify/webhook-schema";
import { STATUS_LABELS } from "@/lib/progress/status";

// The audit trail in the auditor's language. 等保 2.0 安全审计 asks for records an assessor can read:
// every event type, object type, before/after field and coded value the code writes has its Chinese
// name here, and only here — the audit screen, its .xlsx export and the chain check all read this
// catalogue. recordAudit accepts only an AuditAction, and tests/unit/audit-catalogue.test.ts scans the
// code for every event name written, so a new event without a Chinese name fails before it ships.

export const EVENT_GROUPS = {
  auth: "登录与访问",
  user: "账户与权限",
  security: "安全策略",
  targets: "绩效目标",
  progress: "进展填报",
  evidence: "佐证材料",
  budget: "预算与支出",
  evaluation: "绩效自评",
  deadlines: "期限、催办与工作群通知",
  exports: "总览与监控表导出",
  audit: "审计日志",
  fiscalYear: "预算年度",
  system: "系统",
} as const;
export type EventGroup = keyof typeof EVENT_GROUPS;

const event = (group: EventGroup, label: string) => ({ group, label });

/** Every event type the code writes: its Chinese name and group. */
export const EVENTS = {
  "auth.login": event("auth", "登录"),
  "auth.logout": event("auth", "退出登录"),
  "access.denied": event("auth", "拒绝访问"),

  "user.create": event("user", "创建账户"),
  "user.update": event("user", "修改账户信息"),
  "user.disable": event("user", "停用账户"),
  "user.enable": event("user", "启用账户"),
  "user.role.change": event("user", "调整角色"),
  "user.password.change": event("user", "修改密码"),
  "user.password.reset": event("user", "重置密码"),
  "user.sessions.end": event("user", "结束会话"),
  "user.unlock": event("user", "解锁账户"),
  "user.totp.start": event("user", "开始绑定双因素认证"),
  "user.totp.enable": event("user", "绑定双因素认证"),
  "user.totp.remove": event("user", "解除双因素认证"),

  "security.policy.change": event("security", "修改登录与密码策略"),

  "targets.import": event("targets", "导入绩效目标"),
  "targets.lock": event("targets", "批复并锁定年度目标"),
  "targets.unlock": event("targets", "解除年度目标锁定"),
  "targets.draftNextYear": event("targets", "起草下一年度绩效目标"),
  "targets.exportDisclosure": event("targets", "导出绩效目标公开表（表12）"),
  "project.annualGoal.update": event("targets", "修改年度绩效目标"),
  "indicator.create": event("targets", "新增指标"),
  "indicator.update": event("targets", "修改指标"),
  "indicator.delete": event("targets", "删除指标"),
  "indicator.move": event("targets", "调整指标顺序"),
  "indicator.targetChange.create": event("targets", "目标调整：新增指标"),
  "indicator.targetChange.update": event("targets", "目标调整：修改指标"),
  "indicator.targetChange.delete": event("targets", "目标调整：删除指标"),

  "checkIn.create": event("progress", "新增填报"),
  "checkIn.update": event("progress", "修改填报"),
  "checkIn.save": event("progress", "保存填报"),
  "checkIn.delete": event("progress", "清空填报"),
  "report.submit": event("progress", "提交月度填报"),
  "report.approve": event("progress", "审核通过月度填报"),
  "report.return": event("progress", "退回月度填报"),
  "report.reopen": event("progress", "重新打开月度填报"),
  "progress.template.download": event("progress", "下载填报模板"),

  "evidence.upload": event("evidence", "上传佐证材料"),
  "evidence.download": event("evidence", "下载佐证材料"),
  "evidence.delete": event("evidence", "删除佐证材料"),

  "expenditure.create": event("budget", "录入支出"),
  "expenditure.import": event("budget", "导入支出"),
  "expenditure.reverse": event("budget", "冲销支出"),
  "budget.adjust": event("budget", "预算调整"),
  "budget.record": event("budget", "录入预算执行"),

  "selfEvaluation.save": event("evaluation", "保存绩效自评"),
  "selfEvaluation.submit": event("evaluation", "提交绩效自评"),
  "selfEvaluation.approve": event("evaluation", "审核通过绩效自评"),
  "selfEvaluation.return": event("evaluation", "退回绩效自评"),
  "selfEvaluation.reopen": event("evaluation", "重新打开绩效自评"),
  "selfEvaluation.export": event("evaluation", "导出绩效自评表"),
  "selfEvaluation.report": event("evaluation", "导出绩效自评报告"),

  "deadlines.change": event("deadlines", "修改填报与审核期限"),
  "reminder.send": event("deadlines", "发送催办"),
  "reminder.read": event("deadlines", "确认已读催办"),
  "webhook.change": event("deadlines", "修改工作群通知设置"),
  "webhook.test": event("deadlines", "发送工作群测试消息"),

  "overview.export": event("exports", "导出总览"),
  "unitOverview.export": event("exports", "导出单位总览"),
  "budget.export": event("exports", "导出预算执行"),
  "monitoring.export": event("exports", "导出绩效运行监控表"),

  "audit.export": event("audit", "导出审计日志"),
  "audit.verify": event("audit", "校验审计日志"),

  "fiscalYear.close": event("fiscalYear", "关闭预算年度"),
  "fiscalYear.reopen": event("fiscalYear", "重新打开预算年度"),

  "seed.department": event("system", "初始化部门数据"),
  "demo.generate": event("system", "生成演示数据"),
} as const;

export type AuditAction = keyof typeof EVENTS;

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(EVENTS, value);

/** The Chinese name of an event type; an unknown one (written by an older version) says so. */
export function eventLabel(action: string): string {
  return isAuditAction(action) ? EVENTS[action].label : `未登记的事件（${action}）`;
}

export const OUTCOME_LABELS = { SUCCESS: "成功", DENIED: "拒绝", FAILURE: "失败" } as const;

/** What a record is about, by the objectType written with it. */
export const OBJECT_TYPES: Readonly<Record<string, string>> = {
  User: "账户",
  Department: "部门",
  Unit: "单位",
  FiscalYear: "预算年度",
  Project: "项目",
  Indicator: "指标",
  CheckIn: "进展填报",
  MonthlyReport: "月度填报",
  Evidence: "佐证材料",
  Expenditure: "支出",
  BudgetAdjustment: "预算调整",
  SelfEvaluation: "绩效自评",
  Setting: "设置",
  AuditEvent: "审计日志",
  Route: "页面或接口",
  Reminder: "催办",
  WebhookDelivery: "工作群消息",
};

export const objectTypeLabel = (type: string): string => OBJECT_TYPES[type] ?? `未登记的对象（${type}）`;

/** The fields of before/after, by the key written. One name per key across all events. */
export const FIELDS: Readonly<Record<string, string>> = {
  // accounts
  username: "用户名",
  displayName: "姓名",
  role: "角色",
  unitId: "单位",
  departmentId: "部门",
  status: "状态",
  mustChangePassword: "首次登录须修改密码",
  lockCleared: "同时解除登录锁定",
  sessionsEnded: "结束该账户的全部会话",
  totpEnabled: "已绑定双因素认证",
  // the sign-in policy
  minLength: "密码最短长度",
  minClasses: "密码最少字符类别",
  historyCount: "不得与最近几次密码相同",
  maxAgeDays: "密码有效期（天）",
  lockoutFailures: "连续失败几次锁定",
  lockoutMinutes: "锁定时长（分钟）",
  idleMinutes: "空闲超时（分钟）",
  absoluteHours: "会话最长时限（小时）",
  totpRoles: "必须使用双因素认证的角色",
  // targets
  projectId: "项目",
  annualGoal: "年度绩效目标",
  category: "二级指标",
  name: "名称",
  target: "指标值",
  sortOrder: "排列位置",
  targetsLocked: "目标已批复锁定",
  department: "部门代码",
  year: "预算年度",
  projects: "项目数",
  indicators: "指标数",
  budgetWan: "预算资金总额（万元）",
  added: "新增",
  changed: "修改",
  unchanged: "不变",
  removed: "删除",
  newUnits: "新增单位",
  fromYear: "起草自年度",
  errors: "审核错误数",
  warnings: "审核提示数",
  // A column mapping (lib/targets/import/mapping.ts) is shown as a whole, in its own words (./present.ts).
  mapping: "列的对应关系",
  code: "代码",
  // progress
  month: "月份",
  actual: "实际完成值",
  forecast: "全年预计完成值",
  likelihood: "完成目标可能性",
  deviationCause: "偏差原因",
  correctiveAction: "纠偏措施",
  note: "备注",
  comment: "意见",
  filled: "已填指标数",
  expected: "应填指标数",
  // evidence
  checkInId: "进展填报",
  expenditureId: "支出",
  fileName: "文件名",
  mimeType: "文件类型",
  size: "大小（字节）",
  sha256: "SHA-256 校验值",
  storagePath: "存放位置",
  // budget
  date: "日期",
  amount: "金额（元）",
  payee: "收款单位",
  voucherNo: "凭证号",
  overspent: "超出调整后预算",
  reversalId: "冲销记录",
  reason: "原因",
  approvedBy: "批准文件或批准人",
  count: "条数",
  total: "合计",
  rows: "明细",
  row: "行号",
  // self-evaluation
  grade: "自评等级",
  overrides: "调整得分的指标",
  computed: "系统计算分",
  score: "得分",
  published: "已审核通过的项目数",
  public: "公开版",
  approved: "自评已审核通过的项目数",
  draft: "草稿",
  scope: "报告范围",
  narrative: "修改的报告章节",
  // fiscal years
  approvedEvaluations: "自评已审核通过的项目数",
  closedAt: "关闭时间",
  // deadlines, reminders and the work-chat webhook
  reportDueDay: "月度填报截止日（次月）",
  reviewDueDay: "月度审核截止日（次月）",
  firstMonth: "起始月份",
  evaluationDueMonth: "自评截止月份（次年）",
  evaluationDueDay: "自评截止日",
  reminderId: "催办",
  message: "内容",
  overdue: "逾期事项数",
  url: "Webhook 地址",
  format: "消息格式",
  secret: "密钥",
  enabled: "已启用",
  digestHour: "每日汇总发送时间（北京时间，时）",
  // exports
  asOf: "截至日期",
  drafts: "含未审核填报",
  missing: "缺项指标数",
  // the audit trail itself
  from: "起始日期",
  to: "截止日期",
  user: "用户",
  action: "事件",
  outcome: "结果",
  object: "对象",
  ip: "地址",
  checked: "已校验记录数",
  ok: "校验结果",
  lastId: "最后一条记录编号",
  lastHash: "最后一条记录哈希",
  firstBadId: "第一条异常记录编号",
  problem: "发现的问题",
  // generated data
  months: "月数",
  seed: "随机种子",
  departments: "部门数",
  units: "单位数",
  users: "账户数",
  reports: "月度填报数",
  checkIns: "进展填报数",
  expenditures: "支出笔数",
  adjustments: "预算调整笔数",
};

export const fieldLabel = (key: string): string => FIELDS[key] ?? `未登记的字段（${key}）`;

/** Coded values inside before/after, by field: each shown in Chinese. */
export const VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  role: ROLE_LABELS,
  totpRoles: ROLE_LABELS,
  // One status field for accounts, reviews and indicators: their codes do not overlap.
  status: { ACTIVE: "正常", DISABLED: "已停用", LOCKED: "登录锁定", ...REVIEW_STATUS_LABELS, ...STATUS_LABELS },
  likelihood: LIKELIHOOD_LABELS,
  deviationCause: DEVIATION_CAUSE_LABELS,
  outcome: OUTCOME_LABELS,
  scope: { project: "项目", unit: "单位", department: "部门" },
  format: FORMAT_LABELS,
};
