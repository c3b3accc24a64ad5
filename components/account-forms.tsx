"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changePasswordAction, confirmTotpAction, removeOwnTotpAction, startTotpAction } from "@/app/(app)/account/actions";

const input = "w-full rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-500";

export function PasswordChangeForm() {
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", confirmPassword: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const field = (name: keyof typeof values, label: string, autoComplete: string) => (
    <div>
      <label htmlFor={name} className="mb-1 block text-sm font-medium text-slate-700">{label}</label>
      <input id={name} type="password" autoComplete={autoComplete} value={values[name]} onChange={(e) => setValues({ ...values, [name]: e.target.value })} aria-invalid={!!errors[name]} aria-describedby={`${name}-error`} className={input} />
      {errors[name] && <p id={`${name}-error`} className="mt-1 text-sm text-red-700">{errors[name]}</p>}
    </div>
  );
  return (
    <form
      className="mt-3 space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const result = await changePasswordAction(values);
          if (!result.ok) {
            setErrors(result.fieldErrors ?? {});
            setMessage(result.message);
            return;
          }
          // Every session ended with the change, this one too: sign in again with the new password.
          await signOut({ callbackUrl: "/login?changed=1" });
        });
      }}
    >
      {message && <p role="alert" id="password-message" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p>}
      {field("currentPassword", "当前密码", "current-password")}
      {field("newPassword", "新密码", "new-password")}
      {field("confirmPassword", "再次输入新密码", "new-password")}
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white disabled:opacity-50">修改密码</button>
    </form>
  );
}

export function TwoFactorPanel({ enabled, required }: { enabled: boolean; required: boolean }) {
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string; qr: string } | null>(null);
  const [code, setCode] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  if (enabled) {
    return (
      <div className="mt-2 space-y-2 text-sm">
        <p id="totp-status" className="text-green-800">已绑定。登录时需输入手机验证器上的 6 位动态验证码。</p>
        {!required && (
          <button type="button" disabled={pending} onClick={() => start(async () => { const r = await removeOwnTotpAction(); if (r.ok) await signOut({ callbackUrl: "/login" }); else setMessage({ ok: false, text: r.message }); })} className="rounded-md border border-slate-300 px-3 py-1.5">
            解除绑定
          </button>
        )}
        {required && <p className="text-slate-600">您的角色必须使用双因素认证；更换手机请联系安全管理员重置。</p>}
        {message && <p className="text-red-700">{message.text}</p>}
      </div>
    );
  }
  return (
    <div className="mt-2 space-y-3 text-sm">
      <p className="text-slate-700">{required ? "您的角色必须使用双因素认证。" : "可选：绑定后登录时除密码外还需输入动态验证码。"}</p>
      {!enrolment ? (
        <button type="button" disabled={pending} onClick={() => start(async () => { const r = await startTotpAction(); if (r.ok && r.value) setEnrolment(r.value); else if (!r.ok) setMessage({ ok: false, text: r.message }); })} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-50">
          开始绑定
        </button>
      ) : (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await confirmTotpAction(code);
              if (!r.ok) return setMessage({ ok: false, text: r.fieldErrors?.code ?? r.message });
              setMessage({ ok: true, text: "已绑定双因素认证。" });
              router.refresh();
            });
          }}
        >
          <p>用手机验证器扫描二维码：</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL drawn on the server, nothing to optimise */}
          <img src={enrolment.qr} alt="双因素认证二维码" width={180} height={180} className="rounded border border-slate-200" />
          <p>或选择“手动输入密钥”，账户名任意，密钥如下（基于时间，30 秒，6 位）：</p>
          <p id="totp-secret" className="rounded bg-slate-100 px-3 py-2 font-mono text-base tracking-wider break-all">{enrolment.secret.replace(/(.{4})/g, "$1 ").trim()}</p>
          <p className="text-xs break-all text-slate-600">或导入链接：{enrolment.uri}</p>
          <label htmlFor="totp-code" className="block font-medium">输入验证器上显示的 6 位验证码</label>
          <input id="totp-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} className={`${input} max-w-40 tracking-widest`} />
          <button type="submit" disabled={pending} className="ml-2 rounded-md bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-50">确认绑定</button>
        </form>
      )}
      {message && <p id="totp-message" className={message.ok ? "text-green-800" : "text-red-700"}>{message.text}</p>}
    </div>
  );
}
