"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { saveWebhookAction, testWebhookAction } from "@/app/(app)/admin/notifications/actions";
import type { WebhookFormat } from "@/lib/db/generated/enums";
import { FORMAT_LABELS, webhookSchema, type WebhookInput } from "@/lib/notify/webhook-schema";
import { useServerAction } from "@/components/use-server-action";

type Values = z.output<typeof webhookSchema>;
const FORMATS = Object.entries(FORMAT_LABELS) as [WebhookFormat, string][];

/** The department's work-chat webhook; saving never calls it — 发送测试消息 queues a message whose result the page shows. */
export function WebhookForm({ saved }: { saved: { url: string; format: WebhookFormat; hasSecret: boolean; enabled: boolean; digestHour: number } | null }) {
  const save = useServerAction();
  const test = useServerAction();
  // One line says the outcome of whichever button was pressed last.
  const status = save.outcome ?? test.outcome;
  const form = useForm<WebhookInput, unknown, Values>({
    resolver: zodResolver(webhookSchema),
    defaultValues: { url: saved?.url ?? "", format: saved?.format ?? "WECOM_TEXT", secret: "", clearSecret: false, enabled: saved?.enabled ?? true, digestHour: saved?.digestHour ?? 9 },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    test.clear();
    await save.run(() => saveWebhookAction(values), {
      form,
      done: () => {
        form.reset({ ...values, secret: "", clearSecret: false });
        return "已保存。";
      },
    });
  });
  const error = (name: keyof WebhookInput) => errors[name] && <p id={`${name}-error`} className="text-sm text-red-700">{errors[name]?.message}</p>;
  return (
    <form id="webhook-form" onSubmit={onSubmit} noValidate className="space-y-3">
      <div>
        <label htmlFor="url" className="text-sm font-medium">Webhook 地址</label>
        <input id="url" type="url" placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" aria-invalid={!!errors.url} aria-describedby={errors.url ? "url-error" : undefined} className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-500" {...form.register("url")} />
        {error("url")}
      </div>
      <div>
        <label htmlFor="format" className="text-sm font-medium">消息格式</label>
        <select id="format" className="block rounded-md border border-slate-300 px-2 py-1 text-sm" {...form.register("format")}>
          {FORMATS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
        {error("format")}
      </div>
      <div>
        <label htmlFor="secret" className="text-sm font-medium">密钥（可选：钉钉“加签”，或通用 JSON 的签名密钥）</label>
        <input id="secret" type="password" autoComplete="off" placeholder={saved?.hasSecret ? "已设置；留空则保持不变" : "未设置"} aria-invalid={!!errors.secret} className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm" {...form.register("secret")} />
        {saved?.hasSecret && (
          <label className="mt-1 flex items-center gap-1 text-sm"><input type="checkbox" {...form.register("clearSecret")} />清除已设置的密钥</label>
        )}
        {error("secret")}
      </div>
      <div>
        <label htmlFor="digestHour" className="text-sm font-medium">每日逾期汇总的发送时间</label>
        <div className="flex items-center gap-2 text-sm">
          <span>每天北京时间</span>
          <input id="digestHour" type="number" min={0} max={23} inputMode="numeric" aria-invalid={!!errors.digestHour} aria-describedby={errors.digestHour ? "digestHour-error" : undefined} className="w-20 rounded-md border border-slate-300 px-2 py-1 aria-[invalid=true]:border-red-500" {...form.register("digestHour")} />
          <span>点起发送（没有逾期事项的日子不发送）</span>
        </div>
        {error("digestHour")}
      </div>
      <label className="flex items-center gap-1 text-sm"><input type="checkbox" {...form.register("enabled")} />启用（逾期汇总、月度填报和绩效自评的退回与审核通过、催办）</label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={isSubmitting} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50">{isSubmitting ? "正在保存……" : "保存通知设置"}</button>
        <button
          type="button"
          disabled={test.pending || !saved}
          onClick={() => {
            save.clear();
            void test.run(testWebhookAction, { done: () => "测试消息已加入发送队列，几秒后刷新本页查看结果。" });
          }}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm disabled:opacity-50"
        >
          发送测试消息
        </button>
        {status && <span role="status" id="webhook-message" className={`text-sm ${status.ok ? "text-green-800" : "text-red-700"}`}>{status.text}</span>}
      </div>
    </form>
  );
}
