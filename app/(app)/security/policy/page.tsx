import type { Metadata } from "next";
import { PolicyForm } from "@/app/(app)/security/policy/_components/policy-form";
import { requirePage } from "@/app/session";
import { db } from "@/lib/db/client";
import { loadPolicy } from "@/lib/security/policy-store";

export const metadata: Metadata = { title: "登录与密码策略" };

export default async function PolicyPage() {
  await requirePage("open:/security/policy");
  const policy = await loadPolicy(db());
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">登录与密码策略</h1>
      <p className="text-sm text-slate-700">默认值满足网络安全等级保护第三级对身份鉴别的要求；可调严，不能调到低于该要求。修改记入审计日志，30 秒内对所有实例生效。</p>
      <PolicyForm policy={policy} />
    </div>
  );
}
