// The 自评报告's text, section by section, as a list of blocks — headings, paragraphs, tables — that
// the .docx (docx.ts) and the browser preview (components/evaluation-report.tsx) both lay out, so the
// two say the same words in the same order. Every sentence is built from the report model
// (model.ts); nothing here computes a figure. Kept free of runtime dependencies but the model's.

import { NARRATIVE_SECTIONS } from "../narrative";
import type { ReportLine, ReportModel, ReportProject } from "./model";

export type Align = "left" | "center" | "right";
export type Cell = string | { text: string; span?: number; bold?: boolean; align?: Align };
/** Column layouts the renderers size (docx.ts: twips; the preview: proportions). */
export type TableKind = "funds" | "projects" | "lines" | "linesWithProject" | "missed" | "missedWithProject" | "form";

export type Block =
  | { kind: "title"; text: string }
  | { kind: "note"; text: string }
  | { kind: "contents"; entries: { text: string; anchor: string }[] }
  | { kind: "heading"; level: 1 | 2; text: string; anchor?: string }
  /** A project's name heading its part of a section of a unit's or department's report. */
  | { kind: "subject"; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "table"; table: TableKind; header: string[] | null; rows: Cell[][] }
  | { kind: "signature"; lines: string[] }
  /** The start of one project's 自评表 in the annex (a new page, except for the first). */
  | { kind: "formTitle"; text: string; first: boolean; anchor?: string }
  | { kind: "internal"; title: string; lines: string[] };

export const SECTIONS = ["一、基本情况", "二、绩效自评工作开展情况", "三、综合评价结论", "四、绩效目标实现情况分析", "五、偏离绩效目标的原因和下一步改进措施", "六、绩效自评结果应用"] as const;
export const sectionAnchor = (n: number) => `section_${n + 1}`;
export const ANNEX_ANCHOR = "annex";
const rate = (r: string | null) => (r === null ? "—" : `${r}%`);
const LEVELS = ["产出", "效益", "满意度"] as const;

/** Body text: one paragraph per line of the text (an empty one says so). */
function prose(text: string, empty = "（未填写）"): Block[] {
  const lines = text.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  return (lines.length > 0 ? lines : [empty]).map((line) => ({ kind: "paragraph", text: line }));
}
const heading = (text: string, level: 1 | 2, anchor?: string): Block => ({ kind: "heading", level, text, anchor });
const subject = (p: ReportProject): Block => ({ kind: "subject", text: `${p.name}（${p.unitName}）` });

function goalText(p: ReportProject): string {
  const counts = LEVELS.map((g) => [g, p.lines.filter((l) => l.level1Key === g).length] as const).filter(([, n]) => n > 0).map(([g, n]) => `${g}指标 ${n} 个`).join("、");
  return `年度绩效目标：${p.annualGoal || "（未填写）"}设置绩效指标 ${p.lines.length} 个${counts ? `，其中${counts}` : ""}。`;
}

function conclusion(p: ReportProject): string {
  const groups = p.groups.map((g) => `${g.label}得分 ${g.score}（分值 ${g.weight}）`).join("，");
  return `经自评，“${p.name}”绩效自评得分 ${p.total} 分，等级为“${p.grade}”。其中预算执行率得分 ${p.funds.score}（分值 ${p.funds.weight}）${groups ? `，${groups}` : ""}。`;
}

const lineRow = (l: ReportLine, project?: string): Cell[] => [...(project ? [{ text: project, align: "left" as const }] : []), { text: l.name, align: "left" }, l.target, l.actual, l.weight, l.score];

function levelAnalysis(projects: readonly ReportProject[], level1: (typeof LEVELS)[number], many: boolean): Block[] {
  const lines = projects.flatMap((p) => p.lines.filter((l) => l.level1Key === level1).map((l) => ({ p, l })));
  const title = { 产出: "（一）产出指标完成情况", 效益: "（二）效益指标完成情况", 满意度: "（三）满意度指标完成情况" }[level1];
  if (lines.length === 0) return [heading(title, 2), ...prose(`未设置${level1}指标。`)];
  const met = lines.filter((x) => x.l.met).length;
  const group = many ? undefined : projects[0]!.groups.find((x) => x.level1 === level1);
  return [
    heading(title, 2),
    ...prose(`共设置${level1}指标 ${lines.length} 个，完全达成年度指标值 ${met} 个，未完全达成 ${lines.length - met} 个${group ? `，得分 ${group.score}（分值 ${group.weight}）` : ""}。`),
    { kind: "table", table: many ? "linesWithProject" : "lines", header: [...(many ? ["项目"] : []), "三级指标", "年度指标值", "实际完成值", "分值", "得分"], rows: lines.map(({ p, l }) => lineRow(l, many ? p.name : undefined)) },
  ];
}

/** The sections of one narrative key, project by project (each under its name in a unit's or department's report). */
function narrativeOf(projects: readonly ReportProject[], key: keyof ReportProject["narrative"], many: boolean): Block[] {
  return projects.flatMap((p) => [...(many ? [subject(p)] : []), ...prose(p.narrative[key])]);
}

function deviations(projects: readonly ReportProject[], many: boolean): Block[] {
  const missed = projects.flatMap((p) => p.lines.filter((l) => !l.met).map((l) => ({ p, l })));
  const out: Block[] = [heading("（一）未完全达成的指标及原因", 2)];
  if (missed.length === 0) out.push(...prose("各项绩效指标均达成年度指标值。"));
  else {
    out.push(...prose(`未完全达成年度指标值的指标 ${missed.length} 个，偏差原因分析及改进措施如下表。`));
    out.push({
      kind: "table", table: many ? "missedWithProject" : "missed",
      header: [...(many ? ["项目"] : []), "三级指标", "年度指标值", "实际完成值", "得分/分值", "偏差原因分析及改进措施"],
      rows: missed.map(({ p, l }) => [...(many ? [{ text: p.name, align: "left" as const }] : []), { text: l.name, align: "left" as const }, l.target, l.actual, `${l.score}/${l.weight}`, { text: l.deviation || "（未填写）", align: "left" as const }]),
    });
  }
  out.push(heading(`（二）${NARRATIVE_SECTIONS.problemText.title}`, 2), ...narrativeOf(projects, "problemText", many));
  out.push(heading(`（三）${NARRATIVE_SECTIONS.improvementText.title}`, 2), ...narrativeOf(projects, "improvementText", many));
  return out;
}

function overview(model: ReportModel, many: boolean): Block[] {
  const s = model.summary;
  if (!many) {
    const p = model.projects[0]!;
    return [
      ...prose(`“${p.name}”由${p.unitName}实施。${model.year}年年初预算数 ${p.funds.initialBudgetWan} 万元，全年预算数 ${p.funds.annualBudgetWan} 万元，全年执行数 ${p.funds.spentWan} 万元，预算执行率 ${rate(p.funds.executionRate)}。`),
      { kind: "table", table: "funds", header: ["年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "执行率", "分值", "得分"], rows: [[p.funds.initialBudgetWan, p.funds.annualBudgetWan, p.funds.spentWan, rate(p.funds.executionRate), p.funds.weight, p.funds.score]] },
    ];
  }
  return [
    ...prose(`${model.subject}${model.year}年度纳入绩效自评的项目 ${s.projects} 个，年初预算数 ${s.initialBudgetWan} 万元，全年预算数 ${s.annualBudgetWan} 万元，全年执行数 ${s.spentWan} 万元，预算执行率 ${rate(s.executionRate)}（全年执行数合计 ÷ 全年预算数合计）。`),
    {
      kind: "table", table: "projects", header: ["序号", "项目名称", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分", "等级"],
      rows: [
        ...model.projects.map((p, i): Cell[] => [String(i + 1), { text: `${p.name}\n（${p.unitName}）`, align: "left" }, p.funds.initialBudgetWan, p.funds.annualBudgetWan, p.funds.spentWan, rate(p.funds.executionRate), p.total, p.grade]),
        [{ text: "合计", span: 2, bold: true }, s.initialBudgetWan, s.annualBudgetWan, s.spentWan, rate(s.executionRate), { text: s.averageScore ? `平均 ${s.averageScore}` : "—", span: 2 }], // the mean across 得分 and 等级: one line
      ],
    },
    ...prose("金额单位：万元。"),
  ];
}

/** The date in the signature: 2026年4月8日. */
export const chineseDate = (day: string) => day.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`);

/** The report's body (before the annex), in the order of the published 自评报告. `today` is the day it is made (China time). */
export function reportBlocks(model: ReportModel, today: string): Block[] {
  const many = model.scope !== "project";
  const ps = model.projects;
  const s = model.summary;
  const out: Block[] = [{ kind: "title", text: model.title }];
  if (model.draftNote) out.push({ kind: "note", text: `【${model.draftNote}】` });
  if (many) out.push({ kind: "contents", entries: [...SECTIONS.map((text, n) => ({ text, anchor: sectionAnchor(n) })), { text: `附件：项目支出绩效自评表（${ps.length} 个项目）`, anchor: ANNEX_ANCHOR }] });
  out.push(heading(SECTIONS[0], 1, sectionAnchor(0)), heading("（一）项目概况", 2), ...overview(model, many));
  out.push(heading("（二）绩效目标", 2), ...ps.flatMap((p) => [...(many ? [subject(p)] : []), ...prose(goalText(p))]));
  out.push(heading(SECTIONS[1], 1, sectionAnchor(1)), ...narrativeOf(ps, "workText", many));
  out.push(heading(`（一）${NARRATIVE_SECTIONS.practiceText.title}`, 2), ...narrativeOf(ps, "practiceText", many));
  out.push(heading(SECTIONS[2], 1, sectionAnchor(2)));
  if (many) out.push(...prose(`${s.projects} 个项目绩效自评平均得分 ${s.averageScore ?? "—"} 分，其中“优”${s.grades.优} 个、“良”${s.grades.良} 个、“中”${s.grades.中} 个、“差”${s.grades.差} 个；共设置绩效指标 ${s.indicators} 个，完全达成 ${s.met} 个。`));
  for (const p of ps) out.push(...prose(conclusion(p)), ...prose(`年度总体目标实际完成情况：${p.achievementText || "（未填写）"}`));
  out.push(heading(SECTIONS[3], 1, sectionAnchor(3)), ...LEVELS.flatMap((level1) => levelAnalysis(ps, level1, many)));
  out.push(heading(SECTIONS[4], 1, sectionAnchor(4)), ...deviations(ps, many));
  out.push(heading(SECTIONS[5], 1, sectionAnchor(5)), ...narrativeOf(ps, "resultUseText", many));
  out.push({ kind: "signature", lines: [model.subject, chineseDate(today)] });
  return out;
}

/** One project's 自评表 in the layout of 财预〔2020〕10号's form (eight columns), and the internal notes after it. */
export function annexBlocks(model: ReportModel, p: ReportProject, first: boolean): Block[] {
  const f = p.form;
  const span = (text: string, n: number, align: Align = "left", bold = false): Cell => ({ text, span: n, align, bold });
  const rows: Cell[][] = [
    [span("项目名称", 2, "center", true), span(f.projectName, 6)],
    [span("主管部门", 2, "center", true), span(f.department, 2), span("实施单位", 1, "center", true), span(f.unit, 3)],
    [span("项目资金（万元）", 2, "center", true), "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [span("年度资金总额", 2, "center"), f.funds.initialBudgetWan, f.funds.annualBudgetWan, f.funds.spentWan, f.funds.weight, rate(f.funds.executionRate), f.funds.score],
    [span("年度总体目标", 2, "center", true), span(`预期目标：${f.goal.expected}`, 3), span(`实际完成情况：${f.goal.actual || "（未填写）"}`, 3)],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"].map((h) => ({ text: h, bold: true })),
    ...f.lines.map((l): Cell[] => [l.level1, l.category, { text: l.name, align: "left" }, l.target, l.actual, l.weight, l.score, { text: l.deviation, align: "left" }]),
    [span("总分", 5, "center", true), f.totalWeight, f.total, span(`自评等级：${f.grade}`, 1, "center", true)],
  ];
  const out: Block[] = [{ kind: "formTitle", text: `${model.year}年度项目支出绩效自评表`, first, anchor: first ? ANNEX_ANCHOR : undefined }, { kind: "table", table: "form", header: null, rows }];
  if (!model.public) {
    out.push({ kind: "internal", title: "内部说明（不对外公开）", lines: [`自评状态：${f.status}`, ...(f.weightReason ? [`分值调整理由：${f.weightReason}`] : []), ...(f.review ? [`需要复核：${f.review.replaceAll("\n", "；")}`] : []), ...f.lines.map((l) => `${l.name}：${l.internalNote ?? ""}`)] });
  }
  return out;
}

/** The header every page carries: 草稿, or 内部版, or nothing for the published version. */
export function pageMark(model: ReportModel): string {
  return model.draft ? "草稿 · 尚未审核通过，不得对外报送" : model.public ? "" : "内部版 · 含内部说明，不得对外报送";
}
