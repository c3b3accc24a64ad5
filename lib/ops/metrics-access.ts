import { recordDeniedCapped } from "@/lib/audit/denied";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { clientIp, inAddressList } from "@/lib/http/same-origin";

/**
 * Who may read /metrics: only the addresses in METRICS_ALLOW (clientIp's address: the TCP peer, or
 * the client a trusted proxy names). Empty, the default: nobody. A refusal is recorded like any
 * other refusal of an anonymous caller (capped per address).
 */
export async function metricsRefusal(headers: Headers): Promise<string | null> {
  const ip = clientIp(headers);
  const allow = env().METRICS_ALLOW;
  if (ip && allow && inAddressList(allow, ip)) return null;
  const message = allow ? `拒绝访问：/metrics 只对 METRICS_ALLOW 中的地址开放，本次请求来自 ${ip ?? "未知地址"}。` : "拒绝访问：/metrics 尚未对任何地址开放（请在 METRICS_ALLOW 中填写监控服务器的地址）。";
  await recordDeniedCapped(db(), null, "/metrics", message, ip).catch((error: unknown) => console.error("[metrics] refusal not recorded", error));
  return message;
}
