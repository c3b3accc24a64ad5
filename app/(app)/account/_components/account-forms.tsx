"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { changePasswordAction, confirmTotpAction, removeOwnTotpAction, startTotpAction } from "@/app/(app)/account/actions";
import { Field, FormOutcome } from "@/components/form-field";
import { useServerAction } from "@/components/use-server-action";

const input = "w-full rounded-md border px-3 py-2";
const REQUIRED = { currentPassword: "请输入当前密码", newPassword: "请输入新密码", confirmPassword: "请再次输入新密码" } as const;
const PASSWORD_FIELDS = [["currentPassword", "currentPassword", "当前密码"], ["newPassword", "newPassword", "新密码"], ["confirmPassword", "confirmPassword", "再次输入新密码"]] as const;

export function PasswordChangeForm({ rules }: { rules: string }) {
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", confirmPassword: "" });
  const { pending, outcome: message, fieldErrors: errors, attempt, run, refuse } = useServerAction(PASSWORD_FIELDS);
  const field = (name: keyof typeof values, label: string, autoComplete: string, hint?: string) => (
    <Field id={name} label={label} hint={hint} error={errors[name]}>
      {(aria) => <input {...aria} type="password" autoComplete={autoComplete} value={values[name]} onChange={(e) => setValues({ ...values, [name]: e.target.value })} className={input} />}
    </Field>
  );
  return (
    <form
      className="mt-3 space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (pending) return;
        // An empty field is said here: sent, an empty current password would count as a wrong guess.
        const missing = Object.fromEntries(PASSWORD_FIELDS.filter(([name]) => values[name] === "").map(([name]) => [name, REQUIRED[name]]));
        if (Object.keys(missing).length > 0) return refuse("未修改，请按提示填写：", missing);
        // Every session ended with the change, this one too: sign in again with the new password.
        void run(() => changePasswordAction(values), { done: () => void signOut({ callbackUrl: "/login?changed=1" }) });
      }}
    >
      <FormOutcome id="password-message" outcome={message} attempt={attempt} />
      {field("currentPassword", "当前密码", "current-password")}
      {field("newPassword", "新密码", "new-password", rules)}
      {field("confirmPassword", "再次输入新密码", "new-password")}
      <button type="submit" aria-disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white aria-disabled:opacity-50">{pending ? "正在修改……" : "修改密码"}</button>
    </form>
  );
}

export function TwoFactorPanel({ enabled, required }: { enabled: boolean; required: boolean }) {
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string; qr: string } | null>(null);
  const [code, setCode] = useState("");
  const { pending, outcome, fieldErrors, run } = useServerAction();
  const message = outcome && !outcome.ok ? { ok: false, text: fieldErrors.code ?? outcome.text } : outcome;
  if (enabled) {
    return (
      <div className="mt-2 space-y-2 text-sm">
        <p id="totp-status" className="text-green-800">已绑定。登录时需输入手机验证器上的 6 位动态验证码。</p>
        {!required && (
          <button type="button" disabled={pending} onClick={() => void run(removeOwnTotpAction, { done: () => void signOut({ callbackUrl: "/login" }) })} className="rounded-md border border-slate-300 px-3 py-1.5">
            解除绑定
          </button>
        )}
        {required && <p className="text-slate-600">您的角色必须使用双因素认证；更换手机请联系安全管理员重置。</p>}
        <div role="status">{message && <p className="text-red-700">{message.text}</p>}</div>
      </div>
    );
  }
  return (
    <div className="mt-2 space-y-3 text-sm">
      <p className="text-slate-700">{required ? "您的角色必须使用双因素认证。" : "可选：绑定后登录时除密码外还需输入动态验证码。"}</p>
      {!enrolment ? (
        <button type="button" disabled={pending} onClick={() => void run(startTotpAction, { done: (value) => void (value && setEnrolment(value)) })} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-50">
          开始绑定
        </button>
      ) : (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => confirmTotpAction(code), { done: () => "已绑定双因素认证。" });
          }}
        >
          <p>用手机验证器扫描二维码：</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL drawn on the server, nothing to optimise */}
          <img src={enrolment.qr} alt="双因素认证二维码" width={180} height={180} className="rounded border border-slate-200" />
          <p>或选择“手动输入密钥”，账户名任意，密钥如下（基于时间，30 秒，6 位）：</p>
          <p id="totp-secret" className="rounded bg-slate-100 px-3 py-2 font-mono text-base tracking-wider break-all">{enrolment.secret.replace(/(.{4})/g, "$1 ").trim()}</p>
          <p className="text-xs break-all text-slate-600">或导入链接：{enrolment.uri}</p>
          <label htmlFor="totp-code" className="block font-medium">输入验证器上显示的 6 位验证码</label>
          <input id="totp-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} aria-invalid={message?.ok === false} aria-describedby={message?.ok === false ? "totp-message" : undefined} className={`${input} max-w-40 tracking-widest`} />
          <button type="submit" disabled={pending} className="ml-2 rounded-md bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-50">确认绑定</button>
        </form>
      )}
      <div role="status">{message && <p id="totp-message" className={message.ok ? "text-green-800" : "text-red-700"}>{message.text}</p>}</div>
    </div>
  );
}
