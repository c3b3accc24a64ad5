// One filled-in 项目支出绩效自评表 (财预〔2020〕10号, 附件), as the exports print it: every figure is
// already a decimal string and every text already worded, so an export only lays it out. Kept free
// of runtime code so client components can import it.

export interface EvaluationFormLine {
  level1: string; // 一级指标: 产出指标 / 效益指标 / 满意度指标
  category: string; // 二级指标: 数量指标, 质量指标, 时效指标, 成本指标, 经济效益指标, 社会效益指标, 生态效益指标, 可持续影响指标, 满意度指标
  name: string; // 三级指标
  target: string; // 年度指标值, already formatted, e.g. "≥ 50 箱"
  actual: string; // 实际完成值, e.g. "52 箱", "良好"
  weight: string; // 分值, decimal string "16.67"
  score: string; // 得分, decimal string (final, after any override) "13.34"
  deviation: string; // 偏差原因分析及改进措施 (public)
  internalNote?: string; // internal only: override reason, computed score, over-achievement flag — never in the public version
}

export interface EvaluationFormFunds {
  initialBudgetWan: string; // 年初预算数（万元）
  annualBudgetWan: string; // 全年预算数（万元，调整后）
  spentWan: string; // 全年执行数（万元）
  weight: string; // 分值 of 预算执行率, "10" by default
  executionRate: string | null; // percent without the sign, "73.04"; null when there is no budget
  score: string; // 得分 of 预算执行率
}

export interface EvaluationForm {
  year: number;
  projectName: string;
  department: string; // 主管部门
  unit: string; // 实施单位
  funds: EvaluationFormFunds;
  goal: { expected: string; actual: string }; // 年度总体目标: 预期目标 / 实际完成情况
  lines: EvaluationFormLine[];
  totalWeight: string; // "100"
  total: string; // "87.35"
  grade: string; // 优/良/中/差
  status: string; // 草稿 / 已提交 / 已审核, with 需要复核 (internal; shown only in the internal version)
  statusLabel: string; // 未填写 / 草稿 / 已退回 / 已提交待审核 / 已审核通过: what the public summary lists beside 未完成自评
  approved: boolean; // only approved forms are published (the public version)
  weightReason?: string; // internal
  review?: string; // internal: why it needs 复核 (targets changed after saving); absent when it does not
}
