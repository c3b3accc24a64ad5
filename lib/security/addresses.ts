import { BlockList, isIP } from "node:net";

// Addresses and address lists (TRUSTED_PROXIES, METRICS_ALLOW) as plain text rules: no request in
// sight, so lib/ (who may read /metrics) and app/http (the client's address) read them alike.

/** An IP literal in its canonical text ("::ffff:10.0.0.1" → "10.0.0.1", "[::1]" → "::1"), or null. */
export function ipLiteral(value: string | null | undefined): string | null {
  if (!value) return null;
  let text = value.trim();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  if (mapped) text = mapped[1]!;
  const version = isIP(text);
  if (version === 4) return text;
  if (version === 6) return new URL(`http://[${text}]`).hostname.slice(1, -1);
  return null;
}

/** A list of addresses and networks (TRUSTED_PROXIES, METRICS_ALLOW: 10.0.0.1, 10.0.0.0/8, fd00::/8) as a matcher. */
export function addressMatcher(list: string | undefined): BlockList {
  const trusted = new BlockList();
  for (const entry of (list ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const [address, bits] = entry.split("/");
    const ip = ipLiteral(address);
    if (!ip) throw new Error(`${entry} 不是 IP 地址或网段`);
    const type = isIP(ip) === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) trusted.addAddress(ip, type);
    else trusted.addSubnet(ip, Number(bits), type);
  }
  return trusted;
}

const matchers = new Map<string, BlockList>();
/** Whether `ip` is in the list (matchers built once per list text). */
export function inAddressList(list: string | undefined, ip: string): boolean {
  let matcher = matchers.get(list ?? "");
  if (!matcher) matchers.set(list ?? "", (matcher = addressMatcher(list)));
  return matcher.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
}
