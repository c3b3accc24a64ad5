import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { AuditTable } from "@/components/audit/audit-table";
import { VerifyChain } from "@/components/audit/verify-chain";
import { EVENT_GROUPS, EVENTS, OUTCOME_LABELS, type EventGroup } from "@/lib/audit/catalogue";
import { parseAuditFilters, searchAuditEvents, type AuditFilters } from "@/lib/audit/queries";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "审计日志" };

const input = "rounded-md border border-slate-300 px-2 py-1";
const byGroup = Object.entries(EVENTS).reduce<Record<string, [string, string][]>>((out, [code, e]) => {
  (out[e.group] ??= []).push([code, e.label]);
  return out;
}, {});

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const actor = await requireActor();
  let error: string | null = null;
  let filters: AuditFilters = {};
  try {
    filters = parseAuditFilters(params);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    error = e.message;
  }
  const result = await load(() => searchAuditEvents(db(), actor, filters));
  const query = new URLSearchParams(Object.entries(params).filter(([k, v]) => k !== "before" && v !== ""));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">审计日志</h1>
        <p className="mt-1 text-sm text-slate-700">
          共 {result.total.toLocaleString("zh-CN")} 条符合条件的记录，时间为北京时间。记录只可追加，不能修改或删除；每条记录都含前一条的哈希值，连成一条链，任何改动都会使校验失败。
        </p>
      </div>
      <VerifyChain />
      <form className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-label="筛选审计记录">
        <label className="flex flex-col gap-1">起始日期<input type="date" name="from" defaultValue={params.from} className={input} /></label>
        <label className="flex flex-col gap-1">截止日期<input type="date" name="to" defaultValue={params.to} className={input} /></label>
        <label className="flex flex-col gap-1">用户<input name="user" defaultValue={params.user} className={`${input} w-32`} placeholder="用户名" /></label>
        <label className="flex flex-col gap-1">事件
          <select name="action" defaultValue={params.action ?? ""} className={`${input} max-w-full`}>
            <option value="">全部事件</option>
            {(Object.keys(EVENT_GROUPS) as EventGroup[]).map((g) => (
              <optgroup key={g} label={EVENT_GROUPS[g]}>
                <option value={`group:${g}`}>{EVENT_GROUPS[g]}（全部）</option>
                {(byGroup[g] ?? []).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">结果
          <select name="outcome" defaultValue={params.outcome ?? ""} className={input}>
            <option value="">全部</option>
            {Object.entries(OUTCOME_LABELS).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">对象<input name="object" defaultValue={params.object} className={`${input} w-40`} placeholder="名称、编号或类型" /></label>
        <label className="flex flex-col gap-1">地址<input name="ip" defaultValue={params.ip} className={`${input} w-32`} /></label>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white">查询</button>
        <a href={`/api/audit/export?${query.toString()}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">导出 Excel</a>
        <Link href="/audit" className="py-1.5 text-brand-700 underline">清除条件</Link>
      </form>
      {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      <AuditTable rows={result.rows} />
      {result.nextBefore && <Link href={`/audit?${new URLSearchParams([...query, ["before", result.nextBefore]]).toString()}`} className="text-brand-700 underline">更早的记录</Link>}
    </div>
  );
}
