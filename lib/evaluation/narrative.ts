// The narrative of the 项目支出绩效自评报告: the sections the evaluator writes beside the form. The rules:
//  1. Five sections, stored with the self-evaluation and going through its workflow (saved, submitted,
//     approved); approval freezes them in the snapshot like every figure (snapshot.ts).
//  2. Until the evaluator saves them, each section is pre-filled with a factual draft: sentences built
//     only from the record — funds, execution rate, the indicators, their targets, actuals and scores,
//     the deviation analyses the evaluator wrote — never a judgement or an event the data does not hold.
//     The evaluator edits it; once saved, what was saved is kept (an emptied section stays empty).
//  3. Submitting needs every section filled (a section with nothing to say says so, e.g. 无).

import { toScaled } from "@/lib/money";
import { actualWithUnit } from "@/lib/targets/parse-target";
import type { Category, Level1 } from "@/lib/targets/types";
import { displayScore } from "./score";
import type { EvaluationResult } from "./types";

export const NARRATIVE_KEYS = ["workText", "practiceText", "problemText", "improvementText", "resultUseText"] as const;
export type NarrativeKey = (typeof NARRATIVE_KEYS)[number];
export type Narrative = Record<NarrativeKey, string>;

/** Each section's title in the report and on the form, and what it is for. */
export const NARRATIVE_SECTIONS: Readonly<Record<NarrativeKey, { title: string; hint: string }>> = {
  workText: { title: "绩效自评工作开展情况", hint: "自评的组织、依据、数据来源和过程" },
  practiceText: { title: "主要经验做法", hint: "目标实现中行之有效的做法" },
  problemText: { title: "存在问题", hint: "未达成的目标、执行中的问题及其原因" },
  improvementText: { title: "下一步改进措施", hint: "针对问题的整改措施和建议" },
  resultUseText: { title: "绩效自评结果应用", hint: "自评结果用于预算安排、目标调整、整改等的情况" },
};

export const EMPTY_NARRATIVE: Narrative = { workText: "", practiceText: "", problemText: "", improvementText: "", resultUseText: "" };
export const MAX_NARRATIVE = 4000;

/** What the draft is built from: the form as scored, each line's indicator and what the evaluator wrote beside it. */
export interface NarrativeSource {
  project: { name: string; unitName: string; year: number };
  funds: { initialBudget: string; adjustedBudget: string; spent: string };
  result: EvaluationResult;
  lines: { name: string; level1: Level1; category: Category; target: string; unit: string; qualitative: boolean; deviation: string }[];
  /** The 万元 formatting of the exports (printed-form.ts wan2), passed in to keep this module free of it. */
  wan: (yuan: string) => string;
}

const LEVEL1_WORDS: Readonly<Record<Level1, string>> = { 产出: "产出指标", 效益: "效益指标", 满意度: "满意度指标" };

function actualText(line: NarrativeSource["lines"][number], actual: string | null): string {
  if (actual === null) return "未填报";
  return actualWithUnit(actual, line.unit, line.qualitative);
}

/** Rule 2: the factual draft of every section. */
export function draftNarrative(s: NarrativeSource): Narrative {
  const r = s.result;
  const lines = r.indicators.map((scored, n) => ({ scored, meta: s.lines[n]! }));
  const count = (level1: Level1) => lines.filter((l) => l.meta.level1 === level1).length;
  const groups = (["产出", "效益", "满意度"] as const).filter((g) => count(g) > 0).map((g) => `${LEVEL1_WORDS[g]} ${count(g)} 个`).join("、");
  const rate = r.executionRate === null ? "无预算" : `${r.executionRate}%`;
  const money = `年初预算数 ${s.wan(s.funds.initialBudget)} 万元，全年预算数 ${s.wan(s.funds.adjustedBudget)} 万元，全年执行数 ${s.wan(s.funds.spent)} 万元，预算执行率 ${rate}`;
  const met = lines.filter((l) => !l.scored.needsDeviationAnalysis);
  const missed = lines.filter((l) => l.scored.needsDeviationAnalysis);
  const describe = (l: (typeof lines)[number]) => `“${l.meta.name}”（目标 ${l.meta.target}，实际 ${actualText(l.meta, l.scored.actual)}，得分 ${displayScore(l.scored.score)}/${displayScore(l.scored.weight)}）`;
  const executionShort = r.executionRate !== null && toScaled(r.executionScore, 4) < toScaled(r.executionWeight, 4);

  const workText = `${s.project.unitName}对照“${s.project.name}”${s.project.year}年度绩效目标开展自评：${money}；共设置绩效指标 ${lines.length} 个（${groups || "无"}），逐项填报实际完成值并按财预〔2020〕10号规则评分。`;
  const practiceText = met.length > 0
    ? `达成年度指标值的指标 ${met.length} 个：${met.map((l) => `“${l.meta.name}”（目标 ${l.meta.target}，实际 ${actualText(l.meta, l.scored.actual)}）`).join("；")}。`
    : "本年度没有完全达成年度指标值的指标。";
  const problems = [
    ...(missed.length > 0 ? [`未完全达成年度指标值的指标 ${missed.length} 个：${missed.map(describe).join("；")}`] : []),
    ...(executionShort ? [`预算执行率 ${rate}，预算执行得分 ${displayScore(r.executionScore)}/${displayScore(r.executionWeight)}`] : []),
  ];
  const problemText = problems.length > 0 ? `${problems.join("。")}。` : `各项指标均达成年度指标值，预算执行率 ${rate}。`;
  const measures = missed.filter((l) => l.meta.deviation.trim() !== "").map((l) => `“${l.meta.name}”：${l.meta.deviation.trim()}`);
  const improvementText = measures.length > 0 ? measures.join("\n") : missed.length > 0 ? `未完全达成的指标 ${missed.length} 个，偏差原因分析及改进措施待填写。` : "各项指标均达成年度指标值。";
  const resultUseText = `本项目${s.project.year}年度自评得分 ${r.total} 分，等级“${r.grade}”。`;
  return { workText, practiceText, problemText, improvementText, resultUseText };
}

/** Rule 3: the field errors of a narrative about to be submitted (empty when it may be). */
export function narrativeErrors(narrative: Narrative): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const key of NARRATIVE_KEYS) if (narrative[key].trim() === "") errors[`narrative.${key}`] = `提交前请填写“${NARRATIVE_SECTIONS[key].title}”（没有可写的内容时写“无”）`;
  return errors;
}

/** A stored narrative (snapshot JSON or columns), each section a string; missing ones are empty. */
export function readNarrative(value: unknown): Narrative {
  const source = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, typeof source[k] === "string" ? (source[k] as string) : ""])) as Narrative;
}
