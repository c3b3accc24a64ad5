import type { PresentedRecord } from "@/lib/audit/present";
import { formatDateTime } from "@/lib/format";
import { CopyText } from "../copy-text";
import { TableBox, TableHead, Th } from "../ui/table";

const TONE = { SUCCESS: "text-green-700", DENIED: "text-amber-800", FAILURE: "text-red-700" } as const;

/** The before/after of one record, field by field, the changed fields marked. */
function Changes({ record }: { record: PresentedRecord }) {
  const changed = record.changes.filter((c) => c.changed).length;
  const both = record.hasBefore && record.hasAfter;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-brand-700">
        {both ? `修改前后对照（${record.changes.length} 项，${changed} 项有变化）` : record.hasBefore ? `修改前的内容（${record.changes.length} 项）` : `记录的内容（${record.changes.length} 项）`}
      </summary>
      <table className="mt-1 w-full border border-slate-200 text-left">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">字段</th>
            {record.hasBefore && <th scope="col" className="px-2 py-1 font-medium">修改前</th>}
            {record.hasAfter && <th scope="col" className="px-2 py-1 font-medium">{record.hasBefore ? "修改后" : "内容"}</th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {record.changes.map((c) => (
            <tr key={c.key} className={c.changed ? "bg-amber-50 font-medium text-amber-950" : undefined} data-changed={c.changed || undefined}>
              <th scope="row" className="w-2/5 px-2 py-1 align-top font-normal">
                {c.changed && <span aria-hidden="true" className="mr-1 text-amber-600">●</span>}
                {c.label}
                {c.changed && <span className="sr-only">（已修改）</span>}
              </th>
              {record.hasBefore && <td className="px-2 py-1 align-top break-all whitespace-pre-line">{c.before ?? "（无）"}</td>}
              {record.hasAfter && <td className="px-2 py-1 align-top break-all whitespace-pre-line">{c.after ?? "（无）"}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The auditor's list: one record per row; on a phone each row stacks its cells under their names. */
export function AuditTable({ rows }: { rows: PresentedRecord[] }) {
  return (
    <TableBox>
      <table className="stack-table w-full text-sm">
        <caption className="sr-only">审计记录</caption>
        <TableHead>
          <tr>
            {["时间", "用户", "事件", "对象", "结果", "说明与修改前后", "地址"].map((h) => (
              <Th key={h}>{h}</Th>
            ))}
          </tr>
        </TableHead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.length === 0 && (
            <tr>
              <td colSpan={7} className="px-3 py-6 text-center text-slate-600">没有符合条件的记录。</td>
            </tr>
          )}
          {rows.map((e) => (
            <tr key={e.id} data-event={e.event}>
              <td data-label="时间" className="px-3 py-2 whitespace-nowrap tabular">
                {formatDateTime(e.occurredAt)}
                <span className="block text-xs text-slate-600">记录编号 {e.id}</span>
              </td>
              <td data-label="用户" className="px-3 py-2">{e.username ?? "系统"}</td>
              <td data-label="事件" className="px-3 py-2">
                {e.event}
                {e.group && <span className="block text-xs text-slate-500">{e.group}</span>}
              </td>
              <td data-label="对象" className="max-w-56 px-3 py-2">
                {e.object ? (
                  <span className="break-all">
                    <span className="text-xs text-slate-600">{e.object.type}</span> {e.object.name}
                    {/* The id is text on the page (a title would be out of reach of the keyboard and of touch). */}
                    {e.object.id && e.object.id !== e.object.name && (
                      <span className="mt-0.5 block text-xs text-slate-600">
                        编号 <span className="font-mono">{e.object.id}</span> <span className="whitespace-nowrap"><CopyText value={e.object.id} /></span>
                      </span>
                    )}
                  </span>
                ) : (
                  "—"
                )}
              </td>
              <td data-label="结果" className={`px-3 py-2 whitespace-nowrap ${TONE[e.outcome]}`}>{e.outcomeLabel}</td>
              <td data-label="说明" className="max-w-md px-3 py-2">
                {e.detail}
                {e.changes.length > 0 && <Changes record={e} />}
              </td>
              <td data-label="地址" className="px-3 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}
