"use client";

import { ROLE_LABELS } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/generated/enums";

export interface Slip {
  displayName: string;
  username: string;
  role: Role;
  placeName: string | null;
  password: string;
}

/**
 * The one-time passwords to hand over, as a printable sheet of slips (one per person, cut along the
 * dashed lines). Nothing keeps them: leaving the page loses them, and a lost one is reset instead.
 */
export function PasswordSheet({ slips, title, onClose }: { slips: Slip[]; title: string; onClose: () => void }) {
  return (
    <section aria-label="初始密码单" data-password-sheet className="print-sheet space-y-3 rounded-lg border-2 border-amber-300 bg-white p-4">
      <div className="no-print flex flex-wrap items-center gap-3">
        <p role="status" className="grow text-sm text-amber-900">
          {title}。密码<strong>只显示这一次</strong>：请打印或抄交本人，离开本页后无法再查看；如遗失，请重置密码。
        </p>
        <button type="button" onClick={() => window.print()} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white">打印密码单</button>
        <button type="button" onClick={onClose} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">已交付，关闭</button>
      </div>
      <ol className="grid gap-3 sm:grid-cols-2 print:grid-cols-2">
        {slips.map((s) => (
          <li key={s.username} className="break-inside-avoid rounded border border-dashed border-slate-400 p-3 text-sm">
            <p className="font-semibold">绩效通 · 账户初始密码</p>
            <dl className="mt-1 grid grid-cols-[5em_1fr] gap-y-0.5">
              <dt className="text-slate-600">姓名</dt>
              <dd>{s.displayName}</dd>
              <dt className="text-slate-600">角色</dt>
              <dd>
                {ROLE_LABELS[s.role]}
                {s.placeName ? ` · ${s.placeName}` : ""}
              </dd>
              <dt className="text-slate-600">用户名</dt>
              <dd className="font-mono">{s.username}</dd>
              <dt className="text-slate-600">初始密码</dt>
              <dd className="font-mono text-base tracking-wider" data-password>
                {s.password}
              </dd>
            </dl>
            <p className="mt-1 text-xs text-slate-600">首次登录后须立即修改密码。请妥善保管，勿转交他人。</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
