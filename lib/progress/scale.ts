// Qualitative targets (定性指标: 是, 优, 良好 ...) are judged on an ordered scale, so that an actual
// of 良 against a target of 优 is "one step short" rather than just "different" (docs/domain.md: the
// self-evaluation's bands 达成 / 部分达成 / 未达成 need that order). A target belongs to the scale
// that lists it; the scale's options are what a reporter may pick, best first.
//
// Scales, best first (the first spelling of a level is the option shown; the others are spellings
// units also write for the same level and are accepted by rank()):
//  1. 完成 / 未完成 — a yes/no worded as an outcome (also for targets 已完成, 未完成).
//  2. 是 / 否 — yes/no statements (年度内完成(是), 符合质量标准(是)); 已完成 / 未完成 are read as 是 / 否.
//     A target of 否 ("是否被通报(否)") turns the scale round: 否 is then the good answer.
//  3. 达标 / 不达标 — the same, worded as a standard.
//  4. 优 / 良 / 中 / 差 — the four grades of 自评等级 (财预〔2020〕10号); 优秀, 良好, 中等, 合格, 一般,
//     较差, 不合格 are read as their grade, so 质保服务(优) is met by 优秀 as well.
//  5. 良好 / 较好 / 一般 / 较差 — effect judgements. In the seed 良好 is always the target of an effect
//     statement (提高工作效率(良好), 驻村工作成效(良好)), i.e. the best the unit promises, so it heads
//     the scale; 优秀 / 好 / 显著 count as 良好, and 较好 is one step short of it.
//  6. 优秀 / 良好 / 合格 / 不合格 — assessment results, for targets 优秀 and 合格.
// Any other target text T gets the two-step scale T / 未达到.

type Levels = ReadonlyArray<readonly string[]>;

const SCALES: readonly Levels[] = [
  [["完成", "已完成"], ["未完成"]],
  [["是", "已完成", "完成", "达到"], ["否", "未完成", "未达到"]],
  [["达标", "已达标"], ["不达标", "未达标"]],
  [["优", "优秀"], ["良", "良好"], ["中", "中等", "合格", "一般"], ["差", "较差", "不合格"]],
  [["良好", "优秀", "优", "好", "很好", "显著"], ["较好", "比较好", "良"], ["一般", "中", "中等", "合格"], ["较差", "差", "不合格"]],
  [["优秀", "优"], ["良好", "良"], ["合格", "中"], ["不合格", "差"]],
];

export interface QualitativeScale {
  options: string[]; // best first
  /** 0 for the best level, options.length − 1 for the worst; null when the text is not on the scale. */
  rank(value: string): number | null;
}

/** NFKC folds full-width forms; trailing punctuation and spaces are what people add by habit. */
function normalise(text: string): string {
  return text.normalize("NFKC").trim().replace(/[\s。.!！]+$/, "");
}

function scaleOf(levels: Levels): QualitativeScale {
  return {
    options: levels.map((level) => level[0] ?? ""),
    rank(value) {
      const text = normalise(value);
      const index = levels.findIndex((level) => level.includes(text));
      return index === -1 ? null : index;
    },
  };
}

function levelsFor(target: string): Levels {
  if (target === "否") return [["否"], ["是"]];
  // A target's own option wins over a scale where it is only an accepted spelling: 优秀 is the
  // top option of scale 6, not a spelling of 优 on scale 4.
  const byOption = SCALES.find((levels) => levels.some((level) => level[0] === target));
  const bySpelling = SCALES.find((levels) => levels.some((level) => level.includes(target)));
  return byOption ?? bySpelling ?? [[target, "达到", "已达到", "是"], ["未达到", "否", "未完成"]];
}

/** The scale a qualitative target is judged on (see the list at the top of this file). */
export function qualitativeScale(targetText: string): QualitativeScale {
  return scaleOf(levelsFor(normalise(targetText)));
}

/**
 * How far an actual falls short of a qualitative target: steps ≤ 0 means met; `worst` says the
 * actual is the scale's last level (否, 差, 不合格, 未达到) — a failure, not a shortfall. Null when
 * the actual is not on the target's scale and cannot be judged.
 */
export function qualitativeShortfall(target: string, actual: string): { steps: number; worst: boolean } | null {
  const scale = qualitativeScale(target);
  const wanted = scale.rank(target);
  const got = scale.rank(actual);
  if (wanted === null || got === null) return null;
  return { steps: got - wanted, worst: got === scale.options.length - 1 && got > wanted };
}

/** Whether a qualitative actual meets its target; null when the actual is not on the target's scale. */
export function meetsQualitative(target: string, actual: string): boolean | null {
  const shortfall = qualitativeShortfall(target, actual);
  return shortfall === null ? null : shortfall.steps <= 0;
}

/** A yes/no or done/not-done target (是, 完成, 达标): a statement that is either done or not yet. */
export function isDoneStatement(target: string): boolean {
  const text = normalise(target);
  const levels = levelsFor(text);
  return SCALES.slice(0, 3).includes(levels) && levels[0]?.includes(text) === true;
}
