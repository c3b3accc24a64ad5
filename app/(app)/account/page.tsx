import type { Metadata } from "next";
import { PasswordChangeForm, TwoFactorPanel } from "@/app/(app)/account/_components/account-forms";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { accountSecurity } from "@/lib/security/account";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "账户安全" };

export default async function AccountPage() {
  const actor = await requireActor({ allowPending: true });
  const info = await accountSecurity(db(), actor);
  const { policy } = info;
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <h1 className="text-2xl font-bold">账户安全</h1>
      {info.pending === "PASSWORD_EXPIRED" && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {info.passwordChangedAt === null ? "您正在使用管理员发给您的一次性初始密码（或重置后的密码），请先设置只有您自己知道的新密码，再继续使用系统。" : "您的密码已过期，请先设置新密码，再继续使用系统。"}
        </p>
      )}
      {info.pending === "TOTP_ENROLL" && <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">您的角色必须使用双因素认证。请先用手机验证器（如 FreeOTP、Google Authenticator、Microsoft Authenticator）绑定，再继续使用系统。</p>}
      <Card padding="lg" aria-labelledby="password-heading">
        <h2 id="password-heading" className="text-lg font-semibold">修改密码</h2>
        <p className="mt-1 text-sm text-slate-700">
          上次修改：{info.passwordChangedAt ? formatDateTime(info.passwordChangedAt) : "尚未修改（一次性初始密码）"}
          {info.passwordExpiresAt && `；有效期至 ${formatDateTime(info.passwordExpiresAt)}`}
        </p>
        <p className="mt-1 text-xs text-slate-600">当前密码连续输错 {policy.lockoutFailures} 次将锁定账户。修改后需重新登录。</p>
        {/* The rules are the new password's hint: a screen reader reads them with the field. */}
        <PasswordChangeForm rules={`至少 ${policy.minLength} 位，包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类；不能是常见密码、不能包含用户名，不能是重复的片段或大半是连续的字母、数字、键盘按键；不能与最近 ${policy.historyCount} 次使用过的密码相同。`} />
      </Card>
      <Card padding="lg" aria-labelledby="totp-heading">
        <h2 id="totp-heading" className="text-lg font-semibold">双因素认证（动态验证码）</h2>
        <TwoFactorPanel enabled={info.totpEnabled} required={info.totpRequired} />
      </Card>
    </div>
  );
}
