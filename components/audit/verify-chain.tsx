"use client";

import { useState } from "react";
import type { VerifyProgress, VerifyResult } from "@/lib/audit/verify";
import { CopyText } from "../copy-text";
import { Card } from "@/components/ui/card";

type State = { kind: "idle" } | VerifyProgress | VerifyResult | { kind: "error"; message: string };

/** 校验哈希链: runs the server's check (the same as the command line's) and shows its progress and answer. */
export function VerifyChain() {
  const [state, setState] = useState<State>({ kind: "idle" });
  const running = state.kind === "progress";

  const run = async () => {
    setState({ kind: "progress", checked: 0, total: 0 });
    try {
      const response = await fetch("/api/audit/verify", { method: "POST" });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        return setState({ kind: "error", message: body?.message ?? "校验失败，请稍后重试。" });
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) if (line.trim()) setState(JSON.parse(line) as State);
      }
    } catch {
      setState({ kind: "error", message: "校验中断（网络或会话问题），请重试。" });
    }
  };

  const percent = state.kind === "progress" && state.total > 0 ? Math.min(100, Math.round((state.checked / state.total) * 100)) : 0;
  return (
    <Card padding="sm" aria-labelledby="verify-heading" className="text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="verify-heading" className="font-medium">完整性校验</h2>
        <button type="button" onClick={() => void run()} disabled={running} className="rounded-md border border-brand-600 px-3 py-1 text-brand-700 hover:bg-brand-50 disabled:opacity-50">
          {running ? "正在校验……" : "校验哈希链"}
        </button>
        <span className="text-slate-600">逐条重算每条记录的哈希并核对前后链接，发现被修改或删除的记录。</span>
      </div>
      {state.kind === "progress" && (
        <div className="mt-2" role="status">
          <div className="h-2 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-label="校验进度" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
          </div>
          <p className="mt-1 text-slate-600">已校验 {state.checked.toLocaleString("zh-CN")} / {state.total.toLocaleString("zh-CN")} 条</p>
        </div>
      )}
      {state.kind === "done" && (
        <div role="status" className={`mt-2 rounded-md px-3 py-2 ${state.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-900"}`}>
          {state.ok ? (
            <>
              <p className="font-medium">哈希链完整：{state.checked.toLocaleString("zh-CN")} 条记录全部校验通过。</p>
              {state.lastId && (
                <dl className="mt-1 grid gap-x-2 gap-y-0.5 sm:grid-cols-[auto_1fr]">
                  <dt>最后一条记录编号</dt>
                  <dd className="font-mono">{state.lastId}</dd>
                  <dt>最后一条记录哈希</dt>
                  <dd className="flex flex-wrap items-center gap-2 font-mono text-xs break-all">
                    {state.lastHash} <CopyText value={state.lastHash ?? ""} label="复制哈希" />
                  </dd>
                </dl>
              )}
              <p className="mt-1 text-xs">请把编号和哈希记在系统之外（如纸质台账），下次校验时比对：若最后的记录被删除或整段被重写，可由此发现。</p>
            </>
          ) : (
            <p className="font-medium">发现问题：{state.problem}（已校验 {state.checked.toLocaleString("zh-CN")} 条，第一条异常记录编号 {state.firstBadId}）。请立即报告安全管理员并保全数据库。</p>
          )}
        </div>
      )}
      {state.kind === "error" && <p role="alert" className="mt-2 text-red-700">{state.message}</p>}
    </Card>
  );
}
