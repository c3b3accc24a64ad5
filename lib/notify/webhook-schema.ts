import { z } from "zod";
import type { WebhookFormat } from "@/lib/db/generated/enums";

// The webhook settings form's schema, shared by the form (zodResolver) and the Server Action, and the
// format names the page shows. No server-only code here: the browser loads it.

export const FORMAT_LABELS: Record<WebhookFormat, string> = {
  WECOM_TEXT: "企业微信群机器人（文本）",
  WECOM_MARKDOWN: "企业微信群机器人（Markdown）",
  DINGTALK_TEXT: "钉钉群机器人（文本）",
  DINGTALK_MARKDOWN: "钉钉群机器人（Markdown）",
  JSON: "通用 JSON",
};

/** null for an address the worker may post to; else what is wrong with it. */
export function webhookUrlError(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return "不是有效的网址，请填写完整地址，例如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `地址须以 http:// 或 https:// 开头（现为 ${url.protocol}）`;
  if (url.username || url.password) return "地址中不能包含用户名或密码";
  if (value.length > 2000) return "地址不能超过 2000 个字符";
  return null;
}

const FORMATS = Object.keys(FORMAT_LABELS) as [WebhookFormat, ...WebhookFormat[]];

export const webhookSchema = z.object({
  url: z.string().trim().min(1, "请填写机器人的 Webhook 地址").superRefine((value, ctx) => {
    const error = webhookUrlError(value);
    if (error) ctx.addIssue({ code: "custom", message: error });
  }),
  format: z.enum(FORMATS, { message: "请选择消息格式" }),
  /** "" keeps the saved secret; a value replaces it. */
  secret: z.string().trim().max(200, "密钥不能超过 200 个字符").default(""),
  clearSecret: z.boolean().default(false),
  enabled: z.boolean().default(true),
  digestHour: z.coerce.number({ message: "请填写 0–23 的整数" }).refine((n) => Number.isInteger(n) && n >= 0 && n <= 23, "每日汇总的发送时间应为 0–23 点的整数"),
});
export type WebhookInput = z.input<typeof webhookSchema>;
