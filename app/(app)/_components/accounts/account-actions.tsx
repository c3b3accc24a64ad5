"use client";

import { useState } from "react";
import { resetAccountPasswordAction, setAccountStatusAction } from "@/app/(app)/admin/users/actions";
import { endSessionsAction, resetTotpAction, unlockUserAction } from "@/app/(app)/security/users/actions";
import type { AccountRow, Places } from "@/lib/accounts/list";
import { ActionButton } from "@/components/action-button";
import { Dialog } from "@/components/ui/dialog";
import { EditAccountForm, RoleForm } from "@/app/(app)/_components/accounts/account-forms";
import { PasswordSheet, type Slip } from "@/components/accounts/password-sheet";

const small = "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs whitespace-nowrap hover:bg-slate-50";
const who = (row: AccountRow) => `“${row.displayName}”（${row.username}）`;

type Message = { ok: boolean; text: string } | null;
type Report = (message: Message) => void;

/** A form in a modal behind a button. */
function FormButton({ label, target, title, report, children }: { label: string; target: string; title: string; report: Report; children: (done: (text: string) => void, cancel: () => void) => React.ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <span className="inline-flex">
      <button type="button" className={small} onClick={() => (report(null), setOpen(true))}>{label}<span className="sr-only"> {target}</span></button>
      <Dialog open={open} title={title} onClose={() => setOpen(false)}>
        {open && children(
          (text) => {
            setOpen(false);
            report({ ok: true, text });
          },
          () => setOpen(false),
        )}
      </Dialog>
    </span>
  );
}

/** 停用/启用 and 重置密码: what the keeper of an account (lib/accounts/rules.ts) does with it. */
function KeeperActions({ row, report }: { row: AccountRow; report: Report }) {
  const [slip, setSlip] = useState<Slip | null>(null);
  const active = row.status === "ACTIVE";
  return (
    <>
      <ActionButton target={row.displayName}
        label={active ? "停用" : "启用"}
        look={active ? "danger" : "plain"}
        report={report}
        run={() => setAccountStatusAction(row.id, active ? "DISABLED" : "ACTIVE")}
        success={active ? "已停用，其全部会话已结束。" : "已启用，可以登录。"}
        confirm={active ? { title: `停用账户${who(row)}`, description: <p>停用后该账户不能登录，正在使用的会话立即结束。账户和它留下的记录都保留，需要时可以重新启用。</p>, confirmLabel: "确认停用", danger: true } : undefined}
      />
      <ActionButton target={row.displayName}
        label="重置密码"
        report={report}
        run={() => resetAccountPasswordAction(row.id)}
        success="已重置密码，新的一次性密码见密码单。"
        onDone={(value) => value && setSlip({ displayName: value.displayName, username: value.username, role: row.role, placeName: row.unitName ?? row.departmentName, password: value.password })}
        confirm={{ title: `重置${who(row)}的密码`, description: <p>将生成新的一次性密码并只显示一次；原密码立即失效，该账户的全部会话结束，登录锁定一并解除。本人首次登录须修改密码。</p>, confirmLabel: "确认重置", danger: true }}
      />
      <Dialog open={slip !== null} title="新的一次性密码" onClose={() => setSlip(null)}>
        {slip && <PasswordSheet slips={[slip]} title={`已重置${who(row)}的密码`} onClose={() => setSlip(null)} />}
      </Dialog>
    </>
  );
}

/** The row's buttons, and under them what the last one did (kept while the buttons change with the row's state). */
function Row({ children }: { children: (report: Report) => React.ReactNode }) {
  const [message, setMessage] = useState<Message>(null);
  return (
    <div className="space-y-1" data-actions>
      <div className="flex flex-wrap gap-1.5">{children(setMessage)}</div>
      {/* In the page before its text (so the text is announced); focus comes here when a button it reports on goes away. */}
      <p role="status" tabIndex={-1} data-action-outcome className={`text-xs ${message?.ok ? "text-green-700" : "text-red-700"}`}>
        {message?.text}
      </p>
    </div>
  );
}

/** The admin's actions on a business account. */
export function AdminAccountActions({ row, places }: { row: AccountRow; places: Places }) {
  if (!row.kept) return null;
  return (
    <Row>
      {(report) => (
        <>
          <FormButton target={row.displayName} label="编辑" title={`修改账户信息：${row.displayName}`} report={report}>{(done, cancel) => <EditAccountForm row={row} places={places} onDone={done} onCancel={cancel} />}</FormButton>
          <KeeperActions row={row} report={report} />
        </>
      )}
    </Row>
  );
}

/** The security officer's actions: roles for anyone else; sign-in levers; keeping the privileged accounts. */
export function SecurityAccountActions({ row, places, self }: { row: AccountRow; places: Places; self: boolean }) {
  if (self) return <span className="text-xs text-slate-500">本人账户</span>;
  return (
    <Row>
      {(report) => (
        <>
          <FormButton target={row.displayName} label="调整角色" title={`调整角色：${row.displayName}`} report={report}>{(done, cancel) => <RoleForm row={row} places={places} onDone={done} onCancel={cancel} />}</FormButton>
          {row.lockedUntil && <ActionButton target={row.displayName} label="解锁" report={report} run={() => unlockUserAction(row.username)} success="已解锁，可以重新登录。" />}
          <ActionButton target={row.displayName}
            label="结束会话"
            look="danger"
            report={report}
            run={() => endSessionsAction(row.id)}
            success="已结束该账户的全部会话。"
            confirm={{ title: `结束${who(row)}的全部会话`, description: <p>该账户在所有设备上的登录立即失效，须重新登录。用于怀疑会话被盗用或设备遗失时。</p>, confirmLabel: "确认结束会话", danger: true }}
          />
          {row.totpEnabled && (
            <ActionButton target={row.displayName}
              label="重置双因素"
              report={report}
              run={() => resetTotpAction(row.id)}
              success="已重置双因素认证，本人下次登录时重新绑定。"
              confirm={{ title: `重置${who(row)}的双因素认证`, description: <p>用于手机丢失或更换：解除已绑定的验证器，结束该账户的全部会话；本人下次登录后须重新绑定。</p>, confirmLabel: "确认重置", danger: true }}
            />
          )}
          {row.kept && <KeeperActions row={row} report={report} />}
        </>
      )}
    </Row>
  );
}
