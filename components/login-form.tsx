"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { loginMessage, loginSchema, type LoginInput } from "@/lib/auth/login-schema";

export type LoginNotice = { text: string; tone: "error" | "info" | "success" };

/** A prompt (the dynamic code is asked for) or news (the password was changed) reads as such, never as an error. */
const TONES = {
  error: "border-red-200 bg-red-50 text-red-700",
  info: "border-brand-100 bg-brand-50 text-brand-900",
  success: "border-green-200 bg-green-50 text-green-800",
} as const;

export function LoginForm({ callbackUrl, notice, lockMinutes }: { callbackUrl: string; notice: LoginNotice | null; lockMinutes: number }) {
  const [message, setMessage] = useState<LoginNotice | null>(notice);
  const form = useForm<LoginInput>({ resolver: zodResolver(loginSchema), defaultValues: { username: "", password: "", totp: "" } });
  // The code field appears once the password is known to be right and the account has two-factor.
  const [askCode, setAskCode] = useState(false);
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(null);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      const code = result?.error ?? "default";
      setMessage({ text: loginMessage(code, lockMinutes), tone: code === "TOTP_REQUIRED" ? "info" : "error" });
      if (code === "TOTP_REQUIRED" || code === "TOTP_INVALID") {
        setAskCode(true);
        form.setValue("totp", "");
        form.setFocus("totp");
        return;
      }
      form.setValue("password", "");
      return;
    }
    window.location.assign(callbackUrl);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {message && (
        <p id="login-message" role={message.tone === "error" ? "alert" : "status"} className={`rounded-md border px-3 py-2 text-sm ${TONES[message.tone]}`}>
          {message.text}
        </p>
      )}
      <div>
        <label htmlFor="username" className="mb-1 block text-sm font-medium text-slate-700">
          用户名
        </label>
        <input
          id="username"
          autoComplete="username"
          autoFocus
          aria-invalid={!!errors.username}
          className="w-full rounded-md border border-slate-300 px-3 py-2 outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100"
          {...form.register("username")}
        />
        {errors.username && <p className="mt-1 text-sm text-red-600">{errors.username.message}</p>}
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium text-slate-700">
          密码
        </label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!errors.password}
          className="w-full rounded-md border border-slate-300 px-3 py-2 outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100"
          {...form.register("password")}
        />
        {errors.password && <p className="mt-1 text-sm text-red-600">{errors.password.message}</p>}
      </div>
      {askCode && (
        <div>
          <label htmlFor="totp" className="mb-1 block text-sm font-medium text-slate-700">
            动态验证码
          </label>
          <input
            id="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            aria-invalid={!!errors.totp}
            className="w-full rounded-md border border-slate-300 px-3 py-2 tracking-widest outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100"
            {...form.register("totp")}
          />
          {errors.totp && <p className="mt-1 text-sm text-red-600">{errors.totp.message}</p>}
        </div>
      )}
      <button
        type="submit"
        disabled={isSubmitting}
        className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {isSubmitting ? "正在登录……" : "登录"}
      </button>
    </form>
  );
}
