import type { Metadata } from "next";
import Link from "next/link";
import { load } from "@/app/guard";
import { ACTION_LABELS, OUTCOME_LABELS, parseAuditFilters, searchAuditEvents } from "@/lib/audit/queries";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "审计日志" };

const TONE = { SUCCESS: "text-green-700", DENIED: "text-amber-800", FAILURE: "text-red-700" } as const;
const input = "rounded-md border border-slate-300 px-2 py-1";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const actor = await requireActor();
  let error: string | null = null;
  let filters = {};
  try {
    filters = parseAuditFilters(params);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    error = e.message;
  }
  const result = await load(() => searchAuditEvents(db(), actor, filters));
  const query = new URLSearchParams(Object.entries(params).filter(([k, v]) => k !== "before" && v !== ""));
  const groups = [...new Set(Object.keys(ACTION_LABELS).map((a) => a.split(".")[0]!))];
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">审计日志</h1>
        <p className="mt-1 text-sm text-slate-700">共 {result.total.toLocaleString("zh-CN")} 条符合条件的记录（时间为北京时间）。记录只可追加，不可修改或删除，逐条以哈希链相连；可用 <code>npm run cli -- audit verify</code> 校验。</p>
      </div>
      <form className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-label="筛选审计记录">
        <label className="flex flex-col gap-1">起始日期<input type="date" name="from" defaultValue={params.from} className={input} /></label>
        <label className="flex flex-col gap-1">截止日期<input type="date" name="to" defaultValue={params.to} className={input} /></label>
        <label className="flex flex-col gap-1">用户<input name="user" defaultValue={params.user} className={`${input} w-32`} /></label>
        <label className="flex flex-col gap-1">事件
          <select name="action" defaultValue={params.action ?? ""} className={input}>
            <option value="">全部</option>
            {groups.map((g) => <option key={g} value={`${g}.`}>{g}.*</option>)}
            {Object.entries(ACTION_LABELS).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">结果
          <select name="outcome" defaultValue={params.outcome ?? ""} className={input}>
            <option value="">全部</option>
            {Object.entries(OUTCOME_LABELS).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">对象<input name="object" defaultValue={params.object} className={`${input} w-36`} placeholder="编号前缀或类型" /></label>
        <label className="flex flex-col gap-1">地址<input name="ip" defaultValue={params.ip} className={`${input} w-32`} /></label>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white">查询</button>
        <a href={`/api/audit/export?${query.toString()}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">导出 Excel</a>
        <Link href="/audit" className="text-brand-700 underline">清除</Link>
      </form>
      {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">审计记录</caption>
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              {["时间", "用户", "事件", "对象", "结果", "说明与前后内容", "地址"].map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">{h}</th>)}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {result.rows.map((e) => (
              <tr key={e.id}>
                <td className="px-3 py-2 whitespace-nowrap tabular">{formatDateTime(e.occurredAt)}</td>
                <td className="px-3 py-2">{e.username ?? "系统"}</td>
                <td className="px-3 py-2" title={e.action}>{e.actionLabel}</td>
                <td className="max-w-48 px-3 py-2 font-mono text-xs break-all">{e.object ?? "—"}</td>
                <td className={`px-3 py-2 whitespace-nowrap ${TONE[e.outcome]}`}>{OUTCOME_LABELS[e.outcome]}</td>
                <td className="max-w-md px-3 py-2">
                  {e.detail}
                  {(e.before != null || e.after != null) && (
                    <details className="text-xs text-slate-700">
                      <summary className="cursor-pointer text-brand-700">前后内容</summary>
                      {e.before != null && <pre className="mt-1 whitespace-pre-wrap break-all">修改前：{JSON.stringify(e.before, null, 1)}</pre>}
                      {e.after != null && <pre className="mt-1 whitespace-pre-wrap break-all">修改后：{JSON.stringify(e.after, null, 1)}</pre>}
                    </details>
                  )}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.nextBefore && <Link href={`/audit?${new URLSearchParams([...query, ["before", result.nextBefore]]).toString()}`} className="text-brand-700 underline">更早的记录</Link>}
    </div>
  );
}
