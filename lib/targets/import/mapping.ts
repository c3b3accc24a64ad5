// The column mapping: when no layout recognises a file, the admin says which column is which
// (项目名称, 金额, 一级/二级/三级, 指标值, 单位, 比较符 …) and, for values written beside a label or not
// at all, which label holds them or what they are. The same mapping comes from the import screen, is
// remembered per department (lib/targets/import-mapping.ts) and is given to the CLI as --mapping.
//
// A column is named by its header text, so the mapping fits next year's file whose rows moved, or as
// "第3列" where the header cell is empty. The mapping is read by the per-project reader
// (parse-per-project.ts) in place of the synonym table: a row holding every mapped header is the
// header, rows below it are indicators.

import { z } from "zod";
import type { Grid, GridRow } from "./grid";
import type { Columns, HeaderRead } from "./indicator-block";
import { indicatorColumn, labelKey, projectField, type ProjectField } from "./labels";
import type { Reader } from "./parse-per-project";

export const MAPPED_COLUMNS = ["name", "unit", "budget", "goal", "l1", "l2", "l3", "value", "measure", "comparator"] as const;
export type MappedColumn = (typeof MAPPED_COLUMNS)[number];
export const HEADER_FIELDS = ["name", "unit", "budget", "goal"] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];

export const MAPPED_LABELS: Readonly<Record<MappedColumn, string>> = {
  name: "项目名称", unit: "单位（代码或名称）", budget: "预算金额（万元）", goal: "年度绩效目标",
  l1: "一级指标", l2: "二级指标", l3: "三级指标（指标名称）", value: "指标值", measure: "计量单位", comparator: "比较符（≥ ≤ = 正向 反向）",
};

const ref = z.string().trim().min(1).max(200);
export const mappingSchema = z
  .object({
    /** The worksheet (xlsx) the mapping was made on; the first one with its header otherwise. */
    sheet: z.string().max(100).optional(),
    /** How the text's cells are told apart, when the admin chose it. */
    shape: z.enum(["tab", "comma", "pipe", "spaces"]).optional(),
    /** The header row the admin chose, used only when no column is named by its text. */
    headerRow: z.number().int().positive().max(1_000_000).optional(),
    columns: z.partialRecord(z.enum(MAPPED_COLUMNS), ref).default({}),
    /** A label in the file whose value (beside or below it) is the field: "填报单位" → the unit. */
    labels: z.partialRecord(z.enum(HEADER_FIELDS), ref).default({}),
    /** Values typed by the admin for fields the file does not hold at all. */
    values: z.partialRecord(z.enum(HEADER_FIELDS), z.string().trim().min(1).max(2000)).default({}),
  })
  .strict();
export type TargetsMapping = z.infer<typeof mappingSchema>;
export type TargetsMappingInput = z.input<typeof mappingSchema>;

/** Reads a mapping from untrusted JSON (the import form, a --mapping file), with a Chinese reason when it is not one. */
export function readMapping(json: unknown): { mapping: TargetsMapping } | { error: string } {
  const parsed = mappingSchema.safeParse(json);
  if (parsed.success) return { mapping: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: `列的对应关系格式有误${issue ? `（${issue.path.join(".") || "整体"}：${issue.code === "unrecognized_keys" ? "有不认识的项" : issue.message}）` : ""}，应为 {"columns": {"l3": "表头文字", …}, "labels": {…}, "values": {…}}` };
}

/** The fields a mapping must give, in Chinese, that this one does not (an empty list when complete). */
export function missingMappingFields(mapping: TargetsMapping): string[] {
  const { columns, labels, values } = mapping;
  const given = (f: HeaderField) => columns[f] !== undefined || labels[f] !== undefined || values[f] !== undefined;
  const missing: string[] = [];
  if (!given("name")) missing.push("项目名称（一列、一个标签或直接填写）");
  if (!given("budget")) missing.push("预算金额（一列、一个标签或直接填写）");
  if (!columns.l1 && !columns.l2) missing.push("一级指标或二级指标");
  if (!columns.l3) missing.push("三级指标");
  if (!columns.value) missing.push("指标值");
  return missing;
}

const POSITION = /^第\s*(\d{1,3})\s*列$/;
const COLUMN_OF: Readonly<Record<MappedColumn, keyof Columns | `project.${"name" | "unitName" | "budget" | "goal"}`>> = {
  name: "project.name", unit: "project.unitName", budget: "project.budget", goal: "project.goal",
  l1: "l1", l2: "l2", l3: "l3", value: "value", measure: "measure", comparator: "comparator",
};
const LABEL_FIELD: Readonly<Record<HeaderField, ProjectField>> = { name: "name", unit: "unitName", budget: "budget", goal: "goal" };

/** The reader that applies a mapping: its header texts find the header row, its labels add to the synonyms'. */
export function mappingReader(mapping: TargetsMapping): Reader {
  const labels = new Map(Object.entries(mapping.labels).map(([field, text]) => [labelKey(text), LABEL_FIELD[field as HeaderField]]));
  const entries = Object.entries(mapping.columns) as Array<[MappedColumn, string]>;
  const named = entries.filter(([, text]) => !POSITION.test(text));
  return {
    label: (cell) => labels.get(labelKey(cell)) ?? projectField(cell),
    header(row: GridRow): HeaderRead {
      const used = new Set<number>();
      const at = new Map<MappedColumn, number>();
      for (const [field, text] of entries) {
        const position = POSITION.exec(text);
        if (position) {
          at.set(field, Number(position[1]) - 1);
          continue;
        }
        const col = row.cells.findIndex((c, i) => !used.has(i) && labelKey(c) === labelKey(text));
        if (col < 0) continue;
        used.add(col);
        at.set(field, col);
      }
      const found = named.filter(([field]) => at.has(field)).length;
      const isHeader = named.length > 0 ? found === named.length : row.row === mapping.headerRow;
      if (!isHeader) return { columns: null, missing: named.filter(([f]) => !at.has(f)).map(([, text]) => text), named: found };
      const columns: Columns = { l3: -1, value: -1, project: {}, budgetYuan: false, width: Math.max(row.cells.length, ...[...at.values()].map((c) => c + 1)), longTerm: [] };
      for (const [field, col] of at) {
        const key = COLUMN_OF[field];
        if (key.startsWith("project.")) columns.project[key.slice(8) as "name"] = col;
        else (columns as unknown as Record<string, number>)[key] = col;
      }
      return { columns, missing: [], named: found };
    },
    values: mapping.values,
  };
}

/** Where the mapping's header row should be, said when it is not found. */
export function mappingHeaderMissing(mapping: TargetsMapping): string {
  const named = Object.values(mapping.columns).filter((text) => !POSITION.test(text));
  if (named.length === 0) return `按列的对应关系，第${mapping.headerRow ?? "?"}行应为表头，但文件中没有这一行`;
  return `按列的对应关系找不到表头行：需要一行同时含${named.map((t) => `“${t}”`).join("")}，请重新指定列的对应关系`;
}

/** A first guess for the mapping screen: the most header-like row and the columns the synonyms name there. */
export function suggestMapping(grid: Grid): TargetsMapping {
  const header = headerLikeRow(grid);
  const columns: TargetsMapping["columns"] = {};
  if (header) {
    header.cells.forEach((cell) => {
      const field = guessField(cell);
      if (field && columns[field] === undefined) columns[field] = cell.trim();
    });
  }
  return { columns, labels: {}, values: {}, ...(header ? { headerRow: header.row } : {}), ...(grid.sheet ? { sheet: grid.sheet } : {}) };
}

function guessField(cell: string): MappedColumn | null {
  const column = indicatorColumn(cell);
  if (column && column.term !== "long") return column.column;
  const field = projectField(cell);
  if (field === "name" || field === "goal") return field;
  if (field === "budget" || field === "budgetYuan") return "budget";
  if (field === "unitName" || field === "unitCode") return "unit";
  return null;
}

/** The row most like a header among the first 60: the most filled short cells that are not numbers. */
export function headerLikeRow(grid: Grid): GridRow | null {
  let best: GridRow | null = null;
  let bestScore = 1;
  for (const row of grid.rows.slice(0, 60)) {
    const cells = row.cells.map((c) => c.trim()).filter((c) => c !== "");
    const score = cells.filter((c) => c.length <= 20 && !/^[\d.,%\s-]+$/.test(c)).length;
    if (score > bestScore) [best, bestScore] = [row, score];
  }
  return best;
}
