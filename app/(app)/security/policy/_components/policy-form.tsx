"use client";

import { useState } from "react";
import { savePolicyAction } from "@/app/(app)/security/policy/actions";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/generated/enums";
import type { PasswordPolicy } from "@/lib/security/password-policy";
import { describedBy, FieldError, FormOutcome } from "@/components/form-field";
import { useServerAction } from "@/components/use-server-action";

const NUMBERS: { key: Exclude<keyof PasswordPolicy, "totpRoles">; label: string; unit: string }[] = [
  { key: "minLength", label: "密码最短长度", unit: "位" },
  { key: "minClasses", label: "至少包含的字符类别", unit: "类（大写、小写、数字、符号）" },
  { key: "historyCount", label: "不得重复使用最近", unit: "次的密码" },
  { key: "maxAgeDays", label: "密码有效期", unit: "天（0 表示不过期）" },
  { key: "lockoutFailures", label: "连续登录失败", unit: "次后锁定" },
  { key: "lockoutMinutes", label: "锁定时长", unit: "分钟" },
  { key: "idleMinutes", label: "空闲超时", unit: "分钟" },
  { key: "absoluteHours", label: "会话最长", unit: "小时" },
];
const ROLES = Object.keys(ROLE_LABELS) as Role[];
const FIELDS = [...NUMBERS.map((n) => [n.key, n.key, n.label] as const), ["totpRoles", "totpRoles-0", "必须使用双因素认证的角色"] as const];

export function PolicyForm({ policy }: { policy: PasswordPolicy }) {
  const [values, setValues] = useState(policy);
  const { pending, outcome: message, fieldErrors: errors, attempt, run } = useServerAction(FIELDS);
  return (
    <form
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => savePolicyAction(values), { done: () => "已保存。" });
      }}
    >
      <FormOutcome id="policy-message" outcome={message} attempt={attempt} />
      {NUMBERS.map(({ key, label, unit }) => (
        <div key={key}>
          <label htmlFor={key} className="text-sm font-medium">{label}</label>
          <div className="flex items-center gap-2">
            <input type="number" inputMode="numeric" value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value === "" ? Number.NaN : Number(e.target.value) })} {...describedBy(key, errors[key])} className="w-28 rounded-md border px-2 py-1" />
            <span className="text-sm text-slate-600">{unit}</span>
          </div>
          <FieldError id={key} error={errors[key]} />
        </div>
      ))}
      <fieldset aria-describedby={errors.totpRoles ? "totpRoles-error" : undefined}>
        <legend className="text-sm font-medium">必须使用双因素认证的角色</legend>
        <div className="mt-1 flex flex-wrap gap-3 text-sm">
          {ROLES.map((role, n) => (
            <label key={role} className="flex items-center gap-1">
              <input type="checkbox" id={`totpRoles-${n}`} checked={values.totpRoles.includes(role)} onChange={(e) => setValues({ ...values, totpRoles: e.target.checked ? [...values.totpRoles, role] : values.totpRoles.filter((r) => r !== role) })} />
              {ROLE_LABELS[role]}
            </label>
          ))}
        </div>
        <FieldError id="totpRoles" error={errors.totpRoles} />
      </fieldset>
      <button type="submit" aria-disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white aria-disabled:opacity-50">{pending ? "正在保存……" : "保存策略"}</button>
    </form>
  );
}
