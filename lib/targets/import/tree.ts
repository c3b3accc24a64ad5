// The tree-shaped 批复表: no columns, the indicators listed under their 一级 and 二级 names, each level
// indented deeper than the one above:
//
//   项目名称：城区路灯智能化运维
//   绩效指标
//     产出指标
//       数量指标
//         路灯巡检次数：≥12次
//
// The tree becomes an indicator table (一级, 二级, 三级, 指标值) under a header row of those names, so
// the per-project form reader reads it like any other form. It is read only where the levels are
// unambiguous: the 一级 and 二级 lines carry known names, and an indicator sits deeper than its 二级
// (or the whole tree is flat). An indicator line at its group's depth, or a line that is neither a
// level nor an indicator with a value, is a problem naming the line and is not imported.

import { readTarget } from "@/lib/targets/parse-target";
import type { Problem } from "@/lib/targets/types";
import { place, type Grid, type GridRow } from "./grid";
import { categoryName, level1Name, projectField } from "./labels";

// "一、", "（一）", "1.", "1、", "(1)", "①": numbering in front of a level or an indicator.
const NUMBERING = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．)）](?!\d)|[①-⑳])\s*/;
const START = /^(?:绩效指标|绩效目标指标|年度绩效指标)[:：]?$/;
const END = /^(?:(?:注|备注|说明)[:：]|填报人|审核人|联系人|联系电话|填报日期|单位负责人|财务负责人|批复|审核意见)/;
const COMPARATOR_START = /(?:≥|≤|>=|<=|≧|≦|=|>|<|不低于|不高于|不少于|不超过|不大于|不小于|大于|小于|前\d)/;

/** Indentation width: a space is 1, a full-width space 2, a tab 4. */
function indentOf(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === " " || ch === "\u00a0") width += 1;
    else if (ch === "\u3000") width += 2;
    else if (ch === "\t") width += 4;
    else break;
  }
  return width;
}

/** "路灯巡检次数：≥12次", "路灯巡检次数  ≥12次", "路灯巡检次数(≥12次)", "路灯巡检次数≥12次" → name and target text. */
export function splitItem(text: string): { name: string; value: string } | null {
  const candidates: Array<[string, string]> = [];
  const colon = /^(.+?)\s*[:：]\s*(\S.*)$/.exec(text);
  if (colon) candidates.push([colon[1]!, colon[2]!]);
  const gap = /^(.*\S)(?:\s{2,}|\u3000|\t)+(\S+)$/.exec(text);
  if (gap) candidates.push([gap[1]!, gap[2]!]);
  const paren = /^(.+?)[(（]([^()（）]+)[)）]$/.exec(text);
  if (paren) candidates.push([paren[1]!, paren[2]!]);
  const symbol = COMPARATOR_START.exec(text);
  if (symbol && symbol.index > 0) candidates.push([text.slice(0, symbol.index), text.slice(symbol.index)]);
  for (const [name, value] of candidates) {
    if (name.trim() !== "" && readTarget(value) !== null && (value !== text)) return { name: name.trim(), value: value.trim() };
  }
  return null;
}

type Kind = { kind: "level1" | "category" | "item" | "start" | "other"; text: string; name?: string; value?: string };

function classify(raw: string): Kind {
  const text = raw.trim().replace(NUMBERING, "");
  if (START.test(text)) return { kind: "start", text };
  if (level1Name(text)) return { kind: "level1", text };
  if (categoryName(text)) return { kind: "category", text };
  const item = /[:：]/.test(text) && projectField(text.split(/[:：]/)[0] ?? "") ? null : splitItem(text);
  if (item) return { kind: "item", text, ...item };
  return { kind: "other", text };
}

/** The lines as a grid; the tree part (if any) as header + indicator rows, problems in `notes`. */
export function treeGrid(lines: readonly string[]): Grid {
  const rows: GridRow[] = [];
  const notes: Problem[] = [];
  const lineProblem = (row: number, message: string) => notes.push({ severity: "error", location: place(null, row), message });
  let inTree = false;
  let level1: { text: string; indent: number } | null = null;
  let category: { text: string; indent: number; ambiguous?: boolean } | null = null;
  const kinds = lines.map((line) => (line.trim() === "" ? null : classify(line)));
  // A tree written without any indentation is read by its level names alone.
  const flat = lines.every((line, i) => kinds[i] === null || kinds[i]!.kind === "other" || indentOf(line) === 0);
  lines.forEach((line, i) => {
    const row = i + 1;
    const seen = kinds[i];
    if (!seen) return;
    const indent = indentOf(line);
    const startsTree = seen.kind === "start" || ((seen.kind === "level1" || seen.kind === "category") && !inTree);
    if (startsTree && !inTree) {
      inTree = true;
      [level1, category] = [null, null];
      rows.push({ row, cells: ["一级指标", "二级指标", "三级指标", "指标值"] });
      if (seen.kind === "start") return;
    }
    if (inTree && (END.test(seen.text) || (seen.kind === "other" && projectField(seen.text.split(/[:：]/)[0] ?? "") !== null))) inTree = false;
    if (!inTree) {
      // Outside the tree: "项目名称：…" stays one cell (read inline), "项目名称   …" two.
      rows.push({ row, cells: line.trim().split(/(?:\s{2,}|\u3000|\t)+/) });
      return;
    }
    if (seen.kind === "level1") {
      level1 = { text: seen.text, indent };
      category = null;
      return;
    }
    if (seen.kind === "category") {
      category = { text: seen.text, indent };
      if (level1 && !flat && indent <= level1.indent) {
        category.ambiguous = true;
        lineProblem(row, `“${seen.text}”的缩进与上级“${level1.text}”相同或更浅，无法判断层级`);
      }
      return;
    }
    if (seen.kind === "item") {
      const parent = category ?? level1;
      if (category?.ambiguous) return void lineProblem(row, `指标“${seen.name}”在层级不明的“${category.text}”之下，未导入`);
      if (!parent) return void lineProblem(row, `指标“${seen.name}”上方没有一级或二级指标，无法归类，未导入`);
      if (!flat && indent <= parent.indent) return void lineProblem(row, `指标“${seen.name}”的缩进与上级“${parent.text}”相同或更浅，无法判断它是否属于该类，未导入`);
      rows.push({ row, cells: [level1?.text ?? "", category?.text ?? "", seen.name ?? "", seen.value ?? ""] });
      return;
    }
    lineProblem(row, `“${seen.text}”既不是一级、二级指标，也没有可识别的指标值，未导入`);
  });
  return { sheet: null, rows, aligned: true, shape: "tree", notes };
}
