import { createHmac } from "node:crypto";
import type { WebhookFormat } from "@/lib/db/generated/enums";

// How a message becomes the HTTP request a work-chat robot expects, and how its answer is read.
//  - 企业微信群机器人: POST {"msgtype":"text","text":{"content":…}} or {"msgtype":"markdown","markdown":{"content":…}};
//    it answers HTTP 200 with {"errcode":0,"errmsg":"ok"} — any other errcode is a refusal. Content is
//    at most 2,048 bytes (text) or 4,096 bytes (markdown) of UTF-8.
//  - 钉钉群机器人: POST {"msgtype":"text","text":{"content":…}} or {"msgtype":"markdown","markdown":{"title":…,"text":…}},
//    answered like 企业微信. With 加签, the URL carries timestamp (ms) and sign = Base64(HMAC-SHA256(secret,
//    timestamp + "\n" + secret)). Kept under 4,096 bytes here as well.
//  - 通用 JSON: POST {source, event, title, text, lines, link, department, sentAt}; any 2xx is success. With a
//    secret, X-Jixiao-Timestamp (seconds) and X-Jixiao-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)).
// A message longer than the robot takes keeps its title and as many lines as fit, then says how many are left.

export interface NotifyMessage {
  event: string;
  title: string;
  lines: string[];
  /** Where to read more in the application (absolute), when the application's address is known. */
  link: string | null;
  department: { code: string; name: string };
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  /** The exact text posted. */
  body: string;
}

const LIMITS: Record<Exclude<WebhookFormat, "JSON">, number> = { WECOM_TEXT: 2048, WECOM_MARKDOWN: 4096, DINGTALK_TEXT: 4096, DINGTALK_MARKDOWN: 4096 };
const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** head + as many lines as fit in `max` bytes + tail; lines that do not fit are counted ("……另有 3 项"). */
export function fitLines(head: string, lines: string[], tail: string, max: number, line: (l: string) => string = (l) => l): string {
  const out: string[] = [];
  for (let n = 0; n < lines.length; n += 1) {
    const rest = lines.length - n - 1;
    const more = rest > 0 ? [`……另有 ${rest} 项，请登录系统查看`] : [];
    const candidate = [head, ...out, line(lines[n]!), ...more, tail].filter(Boolean).join("\n");
    if (bytes(candidate) > max) {
      return [head, ...out, `……另有 ${lines.length - n} 项，请登录系统查看`, tail].filter(Boolean).join("\n");
    }
    out.push(line(lines[n]!));
  }
  return [head, ...out, tail].filter(Boolean).join("\n");
}

function plainText(m: NotifyMessage, max: number): string {
  return fitLines(`【绩效通】${m.department.name}：${m.title}`, m.lines, m.link ? `查看：${m.link}` : "", max);
}

function markdown(m: NotifyMessage, max: number): string {
  return fitLines(`### ${m.title}\n> ${m.department.code} ${m.department.name}`, m.lines, m.link ? `[在绩效通中查看](${m.link})` : "", max, (l) => `- ${l}`);
}

/** The request that posts `message` to a webhook of `format` at instant `now`. */
export function renderRequest(format: WebhookFormat, url: string, secret: string | null, message: NotifyMessage, now: Date): WebhookRequest {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8", "User-Agent": "jixiao-notify/1" };
  let target = url;
  let payload: unknown;
  switch (format) {
    case "WECOM_TEXT":
    case "DINGTALK_TEXT":
      payload = { msgtype: "text", text: { content: plainText(message, LIMITS[format]) } };
      break;
    case "WECOM_MARKDOWN":
      payload = { msgtype: "markdown", markdown: { content: markdown(message, LIMITS[format]) } };
      break;
    case "DINGTALK_MARKDOWN":
      payload = { msgtype: "markdown", markdown: { title: message.title, text: markdown(message, LIMITS[format]) } };
      break;
    case "JSON":
      payload = { source: "jixiao", event: message.event, title: message.title, text: plainText(message, 1_000_000), lines: message.lines, link: message.link, department: message.department, sentAt: now.toISOString() };
      break;
  }
  const body = JSON.stringify(payload);
  if (secret && (format === "DINGTALK_TEXT" || format === "DINGTALK_MARKDOWN")) {
    const timestamp = String(now.getTime());
    const sign = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
    const signed = new URL(url);
    signed.searchParams.set("timestamp", timestamp);
    signed.searchParams.set("sign", sign);
    target = signed.toString();
  } else if (secret && format === "JSON") {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    headers["X-Jixiao-Timestamp"] = timestamp;
    headers["X-Jixiao-Signature"] = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
  }
  if (format === "JSON") headers["X-Jixiao-Event"] = message.event;
  return { url: target, headers, body };
}

const snippet = (text: string) => {
  const t = text.replace(/\s+/g, " ").trim();
  return t ? `：${t.length > 200 ? `${t.slice(0, 200)}…` : t}` : "";
};

/** null when the robot took the message; else why not, in words a 系统管理员 can act on. */
export function responseError(format: WebhookFormat, status: number, text: string): string | null {
  if (status < 200 || status > 299) return `对方返回 HTTP ${status}${snippet(text)}`;
  if (format === "JSON") return null;
  let answer: { errcode?: unknown; errmsg?: unknown } | null;
  try {
    answer = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown } | null;
  } catch {
    return null;
  }
  if (answer !== null && typeof answer === "object" && answer.errcode !== undefined && Number(answer.errcode) !== 0) {
    const who = format.startsWith("WECOM") ? "企业微信" : "钉钉";
    return `${who}拒收，错误码 ${String(answer.errcode)}${snippet(String(answer.errmsg ?? ""))}`;
  }
  return null;
}

/** Why a request failed before any answer, in words. */
export function networkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `${Math.round(timeoutMs / 1000)} 秒内未应答（超时）`;
  const code = e?.cause?.code ?? e?.code;
  if (code === "ECONNREFUSED") return "连接被拒绝：该地址和端口上没有服务";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "找不到该主机名，请检查地址";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "连接被对方断开";
  if (code && /CERT|SSL|TLS/.test(code)) return `HTTPS 证书或加密连接有误（${code}）`;
  return `无法连接${code ? `（${code}）` : ""}${snippet(e?.cause?.message ?? e?.message ?? "")}`;
}
