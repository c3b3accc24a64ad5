"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { loginMessage, loginSchema, type LoginInput } from "@/lib/auth/login-schema";

export function LoginForm({ callbackUrl, notice, lockMinutes }: { callbackUrl: string; notice: string | null; lockMinutes: number }) {
  const [error, setError] = useState<string | null>(notice);
  const form = useForm<LoginInput>({ resolver: zodResolver(loginSchema), defaultValues: { username: "", password: "", totp: "" } });
  // The code field appears once the password is known to be right and the account has two-factor.
  const [askCode, setAskCode] = useState(false);
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      const code = result?.error ?? "default";
      setError(loginMessage(code, lockMinutes));
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
      {error && (
        <p id="login-error" role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
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
