"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { loginMessage, loginSchema, type LoginInput } from "@/lib/auth/login-schema";
import { Field, FormOutcome, problemsOf, type Outcome } from "./form-field";

export type LoginNotice = { text: string; tone: "error" | "info" | "success" };

const input = "w-full rounded-md border border-slate-500 px-3 py-2 aria-[invalid=true]:border-red-700";
const FIELDS: [keyof LoginInput, string, string][] = [["username", "username", "用户名"], ["password", "password", "密码"], ["totp", "totp", "动态验证码"]];

/** A prompt (the dynamic code is asked for) or news (the password was changed) reads as such, never as an error. */
const outcomeOf = (notice: LoginNotice | null): Outcome | null => notice && { text: notice.text, ok: notice.tone !== "error", info: notice.tone === "info" };

export function LoginForm({ callbackUrl, notice, lockMinutes }: { callbackUrl: string; notice: LoginNotice | null; lockMinutes: number }) {
  const [message, setMessage] = useState<Outcome | null>(outcomeOf(notice));
  const [attempt, setAttempt] = useState(0);
  const form = useForm<LoginInput>({ resolver: zodResolver(loginSchema), defaultValues: { username: "", password: "", totp: "" }, shouldFocusError: false });
  // The code field appears once the password is known to be right and the account has two-factor.
  const [askCode, setAskCode] = useState(false);
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(
    async (values) => {
      setMessage(null);
      const result = await signIn("credentials", { ...values, redirect: false });
      if (!result || result.error) {
        const code = result?.error ?? "default";
        setMessage(outcomeOf({ text: loginMessage(code, lockMinutes), tone: code === "TOTP_REQUIRED" ? "info" : "error" }));
        if (code === "TOTP_REQUIRED" || code === "TOTP_INVALID") {
          setAskCode(true);
          form.setValue("totp", "");
          // The field the message asks for gets focus (once it is in the page).
          requestAnimationFrame(() => form.setFocus("totp"));
          return;
        }
        form.setValue("password", "");
        setAttempt((n) => n + 1);
        return;
      }
      window.location.assign(callbackUrl);
    },
    (invalid) => {
      setMessage({ ok: false, text: "请按提示填写后再登录：", problems: problemsOf(invalid, FIELDS) });
      setAttempt((n) => n + 1);
    },
  );

  return (
    // method="post": a click before the script has loaded submits natively, and a GET would put
    // the password into the address bar, the history and the server's access log.
    <form method="post" onSubmit={(e) => (isSubmitting ? e.preventDefault() : void onSubmit(e))} noValidate className="space-y-4">
      <FormOutcome id="login-message" outcome={message} attempt={attempt} />
      <Field id="username" label="用户名" error={errors.username?.message}>
        {(aria) => <input {...aria} autoComplete="username" autoFocus className={input} {...form.register("username")} />}
      </Field>
      <Field id="password" label="密码" error={errors.password?.message}>
        {(aria) => <input {...aria} type="password" autoComplete="current-password" className={input} {...form.register("password")} />}
      </Field>
      {askCode && (
        <Field id="totp" label="动态验证码" hint="手机验证器上显示的 6 位数字" error={errors.totp?.message}>
          {(aria) => <input {...aria} inputMode="numeric" autoComplete="one-time-code" maxLength={7} className={`${input} tracking-widest`} {...form.register("totp")} />}
        </Field>
      )}
      <button type="submit" aria-disabled={isSubmitting} className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 aria-disabled:opacity-60">
        {isSubmitting ? "正在登录……" : "登录"}
      </button>
    </form>
  );
}
