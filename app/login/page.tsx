import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm, type LoginNotice } from "@/components/login-form";
import { currentActor } from "@/app/session";
import { loginMessage } from "@/lib/auth/login-schema";
import { safeCallbackUrl } from "@/lib/auth/navigation";
import { appOrigin } from "@/app/http/same-origin";
import { db } from "@/lib/db/client";
import { cachedPolicy } from "@/lib/security/policy-store";

export const metadata: Metadata = { title: "登录" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  if (await currentActor()) redirect("/");
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin());
  const policy = await cachedPolicy(db());
  const notice: LoginNotice | null = params.changed
    ? { text: "密码已修改，请用新密码登录。", tone: "success" }
    : params.expired
      ? { text: loginMessage("expired", 0), tone: "info" }
      : params.error
        ? { text: loginMessage(params.error, policy.lockoutMinutes), tone: "error" }
        : null;
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-slate-100 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <h1 className="text-3xl font-bold tracking-wide text-brand-900">绩效通</h1>
          <p className="mt-2 text-sm text-slate-600">预算绩效目标 · 运行监控 · 绩效自评</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="mb-4 text-lg font-semibold text-slate-800">账户登录</h2>
          <LoginForm callbackUrl={callbackUrl} notice={notice} lockMinutes={policy.lockoutMinutes} />
        </div>
        <p className="mt-4 text-center text-xs text-slate-500">连续 {policy.lockoutFailures} 次输错密码将锁定账户 {policy.lockoutMinutes} 分钟</p>
      </div>
    </main>
  );
}
