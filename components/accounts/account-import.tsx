"use client";

import { useRef, useState } from "react";
import type { BulkPlan, CreatedAccount } from "@/lib/accounts/bulk";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { keepFocus } from "../focus";
import { describedBy, FieldError, FormOutcome, hintId, type Outcome } from "../form-field";
import { PasswordSheet } from "./password-sheet";
import { TableBox, TableHead, Th } from "../ui/table";

type Answer = { plan?: BulkPlan; created?: CreatedAccount[]; committed?: boolean; message?: string };
const FILE = "account-file";

/**
 * Upload → preview (each row's problems) → confirm (all or nothing) → the one-time passwords to print.
 * The file field is on the form pattern (components/form-field.tsx): why a file was refused is said
 * under it and in a summary that takes focus.
 */
export function AccountImport() {
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [plan, setPlan] = useState<BulkPlan | null>(null);
  const [created, setCreated] = useState<CreatedAccount[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const setMessage = (message: string | null) => {
    setError(message);
    if (message) setAttempt((n) => n + 1);
  };
  const outcome: Outcome | null = error ? { ok: false, text: "账户表未能处理：", problems: [{ id: FILE, label: "账户表", message: error }] } : null;

  const send = async (mode: "preview" | "commit") => {
    if (pending) return;
    if (!file) return setMessage("请先选择 .xlsx 文件。");
    setPending(true);
    setMessage(null);
    try {
      const body = new FormData();
      body.set("mode", mode);
      body.set("file", file);
      const response = await fetch("/api/accounts/import", { method: "POST", body });
      const answer = (await response.json().catch(() => ({ message: "服务器没有给出答复，请稍后重试。" }))) as Answer;
      if (!response.ok) return setMessage(answer.message ?? "操作失败，请稍后重试。");
      setPlan(answer.plan ?? null);
      if (answer.committed && answer.created) {
        // The form gives way to the password sheet: focus goes to the sentence at its top.
        keepFocus(() => document.querySelector<HTMLElement>("[data-password-sheet] [role=status]"));
        setCreated(answer.created);
        setFile(null);
        if (fileRef.current) fileRef.current.value = "";
      } else if (mode === "commit") setMessage("文件中有错误，未创建任何账户。请按下表改正后重新上传。");
    } catch {
      setMessage("上传中断（网络或会话问题），请重试。");
    } finally {
      setPending(false);
    }
  };

  const wrong = plan?.rows.filter((r) => r.errors.length > 0).length ?? 0;
  return (
    <div className="space-y-4">
      {created ? (
        <PasswordSheet
          slips={created.map((c) => ({ displayName: c.displayName, username: c.username, role: c.role, placeName: c.placeName, password: c.password }))}
          title={`已创建 ${created.length} 个账户`}
          onClose={() => {
            keepFocus(() => document.getElementById(FILE));
            setCreated(null);
            setPlan(null);
          }}
        />
      ) : (
        <form
          className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm"
          aria-label="上传账户表"
          onSubmit={(e) => {
            e.preventDefault();
            void send("preview");
          }}
        >
          <FormOutcome id="account-import-message" outcome={outcome} attempt={attempt} className="w-full" />
          <div className="flex flex-col gap-1">
            <label htmlFor={FILE}>账户表（.xlsx）</label>
            <input
              ref={fileRef}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setPlan(null);
                setMessage(null);
              }}
              className="max-w-full text-sm"
              {...describedBy(FILE, error, true)}
            />
            <span id={hintId(FILE)} className="text-xs text-slate-600">按模板填写：姓名、用户名、角色、单位</span>
            <FieldError id={FILE} error={error} className="text-sm text-red-700" />
          </div>
          <button type="submit" aria-disabled={pending} className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white aria-disabled:opacity-50">
            {pending ? "正在读取……" : "预览"}
          </button>
          <a href="/api/accounts/template" className="py-1.5 text-brand-700 underline">下载模板</a>
        </form>
      )}
      {plan && !created && (
        <section aria-label="预览" className="space-y-3">
          {plan.problems.length > 0 ? (
            <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              {plan.problems.map((p) => <p key={p}>{p}</p>)}
              <p className="mt-1">未创建任何账户。</p>
            </div>
          ) : (
            <>
              <p role="status" className={`rounded-md px-3 py-2 text-sm ${plan.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-800"}`}>
                {plan.ok ? `${plan.rows.length} 行全部无误，确认后一次创建 ${plan.rows.length} 个账户。` : `${plan.rows.length} 行中有 ${wrong} 行有误：有任何一行有误都不会创建任何账户。请在 Excel 中改正后重新上传。`}
              </p>
              <TableBox>
                <table className="stack-table w-full text-sm">
                  <TableHead>
                    <tr>
                      {["行", "姓名", "用户名", "角色", "单位或部门", "检查结果"].map((h) => <Th key={h}>{h}</Th>)}
                    </tr>
                  </TableHead>
                  <tbody className="divide-y divide-slate-100 align-top">
                    {plan.rows.map((r) => (
                      <tr key={r.row} className={r.errors.length ? "bg-red-50" : undefined}>
                        <td data-label="行" className="px-3 py-2 tabular">第 {r.row} 行</td>
                        <td data-label="姓名" className="px-3 py-2">{r.displayName || "—"}</td>
                        <td data-label="用户名" className="px-3 py-2 font-mono text-xs">{r.username || "—"}</td>
                        <td data-label="角色" className="px-3 py-2">{r.role ? ROLE_LABELS[r.role] : r.roleText || "—"}</td>
                        <td data-label="单位" className="px-3 py-2">{r.placeName ?? (r.placeText || "—")}</td>
                        <td data-label="检查" className="px-3 py-2">
                          {r.errors.length === 0 ? <span className="text-green-700">无误</span> : <ul className="list-disc pl-4 text-red-800">{r.errors.map((e) => <li key={e}>{e}</li>)}</ul>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableBox>
              {plan.ok && (
                <button type="button" aria-disabled={pending} onClick={() => void send("commit")} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white aria-disabled:opacity-50">
                  {pending ? "正在创建……" : `确认创建 ${plan.rows.length} 个账户`}
                </button>
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}
