"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, useWatch, type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { createAccountAction, updateAccountAction } from "@/app/(app)/admin/users/actions";
import { changeRoleAction } from "@/app/(app)/security/users/actions";
import type { AccountRow, Places } from "@/lib/accounts/list";
import { accountEditSchema, accountRoleOptions, newAccountSchema, roleChangeSchema, type AccountEditInput, type NewAccountInput, type RoleChangeInput } from "@/lib/accounts/schema";
import { ROLE_LABELS, UNIT_ROLES } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/generated/enums";
import { describedBy, FieldError, hintId, type Outcome } from "@/components/form-field";
import { useServerAction } from "@/components/use-server-action";
import { PasswordSheet, type Slip } from "@/components/accounts/password-sheet";
import { PlaceSelect } from "@/components/accounts/place-select";

const input = "w-full rounded-md border px-2 py-1.5";
const BUSINESS: Role[] = ["REPORTER", "REVIEWER", "LEADER"];
const ALL: Role[] = ["REPORTER", "REVIEWER", "LEADER", "ADMIN", "SECURITY_OFFICER", "AUDITOR"];
const needsUnit = (role: string) => UNIT_ROLES.includes(role as Role);

/** A labelled field with its hint and error under it; the control carries describedBy() (components/form-field.tsx). */
function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">{label}</label>
      {children}
      {hint && <p id={hintId(id)} className="mt-1 text-xs text-slate-600">{hint}</p>}
      <FieldError id={id} error={error} />
    </div>
  );
}

function FormButtons({ pending, label, onCancel }: { pending: boolean; label: string; onCancel: () => void }) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" disabled={pending} onClick={onCancel} className="rounded-md border border-slate-300 px-4 py-1.5 text-sm">取消</button>
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50">{pending ? "正在保存……" : label}</button>
    </div>
  );
}

function Refusal({ outcome }: { outcome: Outcome | null }) {
  // In the page before its text, so the text is announced.
  return <div role="alert">{outcome && !outcome.ok && <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{outcome.text}</p>}</div>;
}

/** The unit (unit roles) or department (the rest) field of a form, following its role field. */
function PlaceField<T extends FieldValues>({ form, role, places, prefix, optional }: { form: UseFormReturn<T>; role: string; places: Places; prefix: string; optional?: boolean }) {
  const unit = needsUnit(role);
  const name = (unit ? "unitId" : "departmentId") as Path<T>;
  const error = form.formState.errors[name]?.message as string | undefined;
  return (
    <Field id={`${prefix}-place`} label={unit ? "所属单位" : `所属部门${optional ? "（可不选）" : ""}`} error={error}>
      <PlaceSelect key={unit ? "unit" : "department"} {...describedBy(`${prefix}-place`, error)} kind={unit ? "unit" : "department"} places={places} className={input} {...form.register(name)} />
    </Field>
  );
}

/** 新建账户 (the admin): business roles only; the one-time password is generated unless one is typed. */
export function NewAccountForm({ places }: { places: Places }) {
  const form = useForm<NewAccountInput>({ resolver: zodResolver(newAccountSchema(BUSINESS)), defaultValues: { displayName: "", username: "", role: "REPORTER", unitId: "", departmentId: "", password: "" } });
  const role = useWatch({ control: form.control, name: "role" });
  const { outcome, run, clear } = useServerAction();
  const [slip, setSlip] = useState<Slip | null>(null);
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit((values) => {
    clear();
    return run(() => createAccountAction({ ...values, ...(needsUnit(values.role) ? { departmentId: "" } : { unitId: "" }) }), {
      form,
      done: (v) => {
        if (!v) return;
        const place = v.unitId ? places.departments.flatMap((d) => d.units).find((u) => u.id === v.unitId)?.name : places.departments.find((d) => d.id === v.departmentId)?.name;
        setSlip({ displayName: v.displayName, username: v.username, role: v.role, placeName: place ?? null, password: v.password });
        form.reset({ displayName: "", username: "", role: values.role, unitId: values.unitId, departmentId: values.departmentId, password: "" });
      },
    });
  });
  return (
    <div className="space-y-3">
      <form onSubmit={onSubmit} noValidate aria-label="新建账户" className="space-y-3">
        <Refusal outcome={outcome} />
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <Field id="n-name" label="姓名" error={errors.displayName?.message}>
            <input {...describedBy("n-name", errors.displayName?.message)} className={input} {...form.register("displayName")} />
          </Field>
          <Field id="n-username" label="用户名" error={errors.username?.message} hint="登录用，3–32 位字母、数字或 . _ -">
            <input {...describedBy("n-username", errors.username?.message, true)} autoComplete="off" className={input} {...form.register("username")} />
          </Field>
          <Field id="n-role" label="角色" error={errors.role?.message}>
            <select {...describedBy("n-role", errors.role?.message)} className={input} {...form.register("role")}>
              {accountRoleOptions(BUSINESS).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </select>
          </Field>
          <PlaceField form={form} role={role} places={places} prefix="n" />
          <Field id="n-password" label="初始密码（可不填）" error={errors.password?.message} hint="不填则自动生成一个符合密码策略的一次性密码">
            <input {...describedBy("n-password", errors.password?.message, true)} type="text" autoComplete="new-password" className={`${input} font-mono`} {...form.register("password")} />
          </Field>
        </div>
        <button type="submit" disabled={isSubmitting} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50">
          {isSubmitting ? "正在创建……" : "创建账户"}
        </button>
        <p className="text-xs text-slate-600">系统管理员只能创建填报人、单位审核人、局领导账户；系统管理员、安全管理员、审计管理员角色由安全管理员授予。账户不会删除，不再使用时请停用。</p>
      </form>
      {slip && <PasswordSheet slips={[slip]} title={`已创建账户“${slip.displayName}”（${slip.username}）`} onClose={() => setSlip(null)} />}
    </div>
  );
}

/** 修改账户信息: name, and unit or department. */
export function EditAccountForm({ row, places, onDone, onCancel }: { row: AccountRow; places: Places; onDone: (text: string) => void; onCancel: () => void }) {
  const form = useForm<AccountEditInput>({ resolver: zodResolver(accountEditSchema), defaultValues: { displayName: row.displayName, unitId: row.unitId ?? "", departmentId: row.departmentId ?? "" } });
  const { outcome, run } = useServerAction();
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit((values) => run(() => updateAccountAction(row.id, values), { form, done: (v) => onDone(v?.changed ? "已保存账户信息。" : "没有修改。") }));
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="修改账户信息">
      <Refusal outcome={outcome} />
      <p className="text-sm text-slate-600">
        {row.username} · {ROLE_LABELS[row.role]}
      </p>
      <Field id={`e-${row.id}-name`} label="姓名" error={errors.displayName?.message}>
        <input {...describedBy(`e-${row.id}-name`, errors.displayName?.message)} className={input} {...form.register("displayName")} />
      </Field>
      <PlaceField form={form} role={row.role} places={places} prefix={`e-${row.id}`} optional={row.role !== "LEADER"} />
      <FormButtons pending={isSubmitting} label="保存" onCancel={onCancel} />
    </form>
  );
}

/** 调整角色 (the security officer): any role, with the unit a unit role needs. */
export function RoleForm({ row, places, onDone, onCancel }: { row: AccountRow; places: Places; onDone: (text: string) => void; onCancel: () => void }) {
  const form = useForm<RoleChangeInput>({ resolver: zodResolver(roleChangeSchema(ALL)), defaultValues: { role: row.role, unitId: row.unitId ?? "", departmentId: row.departmentId ?? "" } });
  const role = useWatch({ control: form.control, name: "role" });
  const { outcome, run } = useServerAction();
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit((values) =>
    run(() => changeRoleAction(row.id, { ...values, ...(needsUnit(values.role) ? { departmentId: "" } : { unitId: "" }) }), {
      form,
      done: () => onDone(`已调整为${ROLE_LABELS[values.role as Role]}，该账户的会话已结束。`),
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="调整角色">
      <Refusal outcome={outcome} />
      <p className="text-sm text-slate-600">
        {row.displayName}（{row.username}），现为{ROLE_LABELS[row.role]}。调整后该账户的全部会话立即结束；授予系统管理员、安全管理员或审计管理员角色后，须先绑定双因素认证才能使用。
      </p>
      <Field id={`r-${row.id}-role`} label="新角色" error={errors.role?.message}>
        <select {...describedBy(`r-${row.id}-role`, errors.role?.message)} className={input} {...form.register("role")}>
          {accountRoleOptions(ALL).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </Field>
      <PlaceField form={form} role={role} places={places} prefix={`r-${row.id}`} optional={role !== "LEADER"} />
      <FormButtons pending={isSubmitting} label="确认调整" onCancel={onCancel} />
    </form>
  );
}
