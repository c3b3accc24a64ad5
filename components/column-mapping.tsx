"use client";

import { useMemo, useState } from "react";
import { HEADER_FIELDS, MAPPED_COLUMNS, MAPPED_LABELS, missingMappingFields, type HeaderField, type MappedColumn, type TargetsMapping } from "@/lib/targets/import/mapping";
import { SHAPE_LABELS, type GridSample } from "@/lib/targets/import/shared";

const POSITION = /^第\s*(\d{1,3})\s*列$/;
const key = (text: string) => text.normalize("NFKC").replace(/\s+/g, "").replace(/[:：]+$/, "");
const control = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";

/** The columns a mapping names, as column indexes of the header row it was made on. */
function columnsOf(mapping: TargetsMapping | null, header: readonly string[]): Record<number, MappedColumn> {
  const out: Record<number, MappedColumn> = {};
  for (const [field, ref] of Object.entries(mapping?.columns ?? {}) as Array<[MappedColumn, string]>) {
    const position = POSITION.exec(ref);
    const col = position ? Number(position[1]) - 1 : header.findIndex((h, i) => out[i] === undefined && key(h) === key(ref));
    if (col >= 0) out[col] = field;
  }
  return out;
}

/** Short text cells above the header: the labels a value may sit beside ("考核单位：", "项目："). */
function labelCandidates(sample: GridSample, headerRow: number): string[] {
  const seen = new Set<string>();
  for (const row of sample.rows) {
    if (row.row >= headerRow) break;
    for (const cell of row.cells) {
      const label = cell.split(/[:：]/)[0]?.trim() ?? "";
      if (label !== "" && label.length <= 20 && !/^[\d.,%\s-]+$/.test(label)) seen.add(label);
    }
  }
  return [...seen];
}

/**
 * The column-mapping screen: the file's first rows as read, a choice of header row, one select per
 * column (项目名称, 金额, 一级/二级/三级, 指标值, 单位, 比较符 …) and, for the project's fields that
 * are not a column, a label in the file or a typed value. What is still missing is said before the
 * admin may preview with it.
 */
export function ColumnMapping({ sample, initial, reason, pending, onApply, onReshape, onCancel }: {
  sample: GridSample;
  initial: TargetsMapping | null;
  reason: string | null;
  pending: boolean;
  onApply: (mapping: TargetsMapping) => void;
  onReshape: (choice: { sheet?: string; shape?: "tab" | "comma" | "pipe" | "spaces" }) => void;
  onCancel: () => void;
}) {
  const firstRow = sample.rows[0]?.row ?? 1;
  const [headerRow, setHeaderRow] = useState(initial?.headerRow && sample.rows.some((r) => r.row === initial.headerRow) ? initial.headerRow : firstRow);
  const header = useMemo(() => sample.rows.find((r) => r.row === headerRow)?.cells ?? [], [sample, headerRow]);
  const [fields, setFields] = useState<Record<number, MappedColumn>>(() => columnsOf(initial, sample.rows.find((r) => r.row === headerRow)?.cells ?? []));
  const [labels, setLabels] = useState<Partial<Record<HeaderField, string>>>(initial?.labels ?? {});
  const [values, setValues] = useState<Partial<Record<HeaderField, string>>>(initial?.values ?? {});
  const candidates = labelCandidates(sample, headerRow);
  const width = Math.max(sample.width, header.length);

  const mapping = useMemo((): TargetsMapping => {
    const columns: TargetsMapping["columns"] = {};
    for (const [col, field] of Object.entries(fields)) {
      const text = (header[Number(col)] ?? "").trim();
      // An empty or repeated header text cannot find its column again: name it by position.
      const unique = text !== "" && header.filter((h) => key(h) === key(text)).length === 1;
      columns[field] = unique ? text : `第${Number(col) + 1}列`;
    }
    const given = <T extends Partial<Record<HeaderField, string>>>(o: T) => Object.fromEntries(Object.entries(o).filter(([f, v]) => v && v.trim() !== "" && columns[f as HeaderField] === undefined));
    return {
      columns, labels: given(labels), values: given(values), headerRow,
      ...(sample.sheet !== null ? { sheet: sample.sheet } : {}),
      ...(sample.shape !== "sheet" && sample.shape !== "lines" && sample.shape !== "tree" ? { shape: sample.shape } : {}),
    };
  }, [fields, header, labels, values, headerRow, sample]);
  const missing = missingMappingFields(mapping);

  const assign = (col: number, field: MappedColumn | "") =>
    setFields((all) => {
      const next: Record<number, MappedColumn> = {};
      // One column per field: choosing it here frees the column that had it.
      for (const [c, f] of Object.entries(all)) if (f !== field && Number(c) !== col) next[Number(c)] = f;
      if (field !== "") next[col] = field;
      return next;
    });

  return (
    <section id="column-mapping" aria-labelledby="mapping-heading" className="space-y-4 rounded-lg border-2 border-amber-300 bg-white p-4 sm:p-6">
      <div>
        <h2 id="mapping-heading" className="text-lg font-semibold">指定列的对应关系</h2>
        {reason && <p className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{reason}</p>}
        <p className="mt-2 text-sm text-slate-700">
          先选表头所在的行，再为每一列选择它是什么；不导入的列留空。项目名称、单位、预算金额、年度绩效目标不是一列时，可指定表中写着它的标签，或直接填写。
          确认导入后，本部门下次导入同样格式的文件会自动使用这些设置。
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-3 text-sm [&>label]:max-w-full">
        {sample.sheets.length > 1 && (
          <label className="flex flex-col gap-1">
            <span className="text-slate-600">工作表</span>
            <select id="mapping-sheet" className={control} value={sample.sheet ?? ""} disabled={pending} onChange={(e) => onReshape({ sheet: e.target.value })}>
              {sample.sheets.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
        )}
        {sample.shapes.length > 1 && (
          <label className="flex flex-col gap-1">
            <span className="text-slate-600">单元格的分隔方式</span>
            <select id="mapping-shape" className={control} value={sample.shape} disabled={pending} onChange={(e) => onReshape({ shape: e.target.value as "tab" })}>
              {sample.shapes.map((s) => <option key={s} value={s}>{SHAPE_LABELS[s]}</option>)}
            </select>
          </label>
        )}
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">表头行</span>
          <select id="mapping-header-row" className={`${control} w-full max-w-full sm:w-auto`} value={headerRow} onChange={(e) => { setHeaderRow(Number(e.target.value)); setFields({}); }}>
            {sample.rows.map((r) => <option key={r.row} value={r.row}>第{r.row}行：{r.cells.filter((c) => c.trim() !== "").slice(0, 4).join(" | ").slice(0, 24)}</option>)}
          </select>
        </label>
        <span className="text-slate-500">共 {sample.total} 行，下面显示前 {sample.rows.length} 行</span>
      </div>
      <div className="max-h-[28rem] overflow-auto rounded-md border border-slate-200">
        <table className="min-w-full text-xs">
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              <th scope="col" className="px-2 py-1 text-left font-medium text-slate-600">行</th>
              {Array.from({ length: width }, (_, col) => (
                <th key={col} scope="col" className="px-1 py-1 text-left">
                  <select aria-label={`第${col + 1}列（${(header[col] ?? "").trim() || "无表头"}）对应`} value={fields[col] ?? ""} onChange={(e) => assign(col, e.target.value as MappedColumn | "")} className={`${control} w-32 ${fields[col] ? "border-brand-600 bg-brand-50 font-medium" : ""}`}>
                    <option value="">（不导入）</option>
                    {MAPPED_COLUMNS.map((f) => <option key={f} value={f}>{MAPPED_LABELS[f]}</option>)}
                  </select>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sample.rows.map((r) => (
              <tr key={r.row} className={r.row === headerRow ? "bg-brand-50 font-semibold" : r.row < headerRow ? "text-slate-400" : ""}>
                <td className="px-2 py-1 tabular text-slate-500">{r.row}</td>
                {Array.from({ length: width }, (_, col) => <td key={col} className="max-w-[12rem] truncate px-2 py-1" title={r.cells[col]}>{r.cells[col]}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-1 text-sm font-medium">不在列中的项目信息</legend>
        {HEADER_FIELDS.filter((f) => !Object.values(fields).includes(f)).map((f) => (
          <div key={f} className="flex flex-col gap-1 rounded-md border border-slate-200 p-2 text-sm">
            <span className="font-medium">{MAPPED_LABELS[f]}</span>
            <label className="flex items-center gap-2">
              <span className="w-20 shrink-0 text-slate-600">取自标签</span>
              <select id={`mapping-label-${f}`} className={`${control} min-w-0 flex-1`} value={labels[f] ?? ""} onChange={(e) => setLabels((l) => ({ ...l, [f]: e.target.value }))}>
                <option value="">（无）</option>
                {candidates.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
            <label className="flex items-center gap-2">
              <span className="w-20 shrink-0 text-slate-600">或直接填写</span>
              <input id={`mapping-value-${f}`} className={`${control} min-w-0 flex-1`} value={values[f] ?? ""} placeholder={f === "unit" ? "如 433015青山市文化馆" : f === "budget" ? "如 26" : ""} onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))} />
            </label>
          </div>
        ))}
      </fieldset>
      {missing.length > 0 && <p id="mapping-missing" role="status" className="text-sm text-red-700">还需要指定：{missing.join("、")}。</p>}
      <div className="flex flex-wrap gap-3">
        <button type="button" disabled={pending || missing.length > 0} onClick={() => onApply(mapping)} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {pending ? "正在处理……" : "按此对应关系预览"}
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-4 py-2 text-sm">取消</button>
      </div>
    </section>
  );
}
