import { env } from "@/lib/env";
import { inAddressList } from "@/lib/security/addresses";

/**
 * Who may read /metrics: only the addresses in METRICS_ALLOW (clientIp's address: the TCP peer, or
 * the client a trusted proxy names). Empty, the default: nobody — the figures describe the server.
 * The refusal's Chinese message, or null when `ip` may read them.
 */
export function metricsRefusal(ip: string | null): string | null {
  const allow = env().METRICS_ALLOW;
  if (ip && allow && inAddressList(allow, ip)) return null;
  return allow ? `拒绝访问：/metrics 只对 METRICS_ALLOW 中的地址开放，本次请求来自 ${ip ?? "未知地址"}。` : "拒绝访问：/metrics 尚未对任何地址开放（请在 METRICS_ALLOW 中填写监控服务器的地址）。";
}
