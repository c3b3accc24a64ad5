import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { stampPeerAddress } from "@/app/http/peer-stamp";
import { appOrigin, clientIp, isSameOrigin, PEER_HEADER, peerStamp } from "@/app/http/same-origin";
import { ipLiteral } from "@/lib/security/addresses";

// This file's own environment (each test file gets fresh modules): behind two reverse proxies.
process.env.TRUSTED_PROXIES = "10.0.0.0/8, 192.0.2.1, fd00::/8";
process.env.NEXTAUTH_URL = "https://jixiao.example.gov.cn";

const from = (peer: string | null, forwardedFor?: string) => new Headers({ ...(peer === null ? {} : { [PEER_HEADER]: peerStamp(peer) }), ...(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }) });

describe("the client's address", () => {
  it("is the TCP peer's when the peer is not a trusted proxy: X-Forwarded-For from anyone else is not believed", () => {
    expect(clientIp(from("203.0.113.5", "1.2.3.4"))).toBe("203.0.113.5");
    expect(clientIp(from("203.0.113.5", "x".repeat(300)))).toBe("203.0.113.5");
    expect(clientIp(from("::ffff:203.0.113.5"))).toBe("203.0.113.5");
    expect(clientIp(from("2001:db8::0001", "1.2.3.4"))).toBe("2001:db8::1");
  });

  it("is read from X-Forwarded-For, right to left, past the trusted proxies only", () => {
    expect(clientIp(from("10.1.2.3", "198.51.100.8"))).toBe("198.51.100.8");
    // A client's own X-Forwarded-For is further left: never reached.
    expect(clientIp(from("10.1.2.3", "6.6.6.6, 198.51.100.8"))).toBe("198.51.100.8");
    expect(clientIp(from("10.1.2.3", "6.6.6.6, 198.51.100.8, 192.0.2.1"))).toBe("198.51.100.8");
    expect(clientIp(from("fd00::5", "2001:db8::7"))).toBe("2001:db8::7");
    // Nothing but trusted proxies: the leftmost of them.
    expect(clientIp(from("10.1.2.3", "10.9.9.9"))).toBe("10.9.9.9");
  });

  it("accepts IP literals only: a made-up entry stops the walk at the last address known for certain", () => {
    expect(clientIp(from("10.1.2.3", "<script>"))).toBe("10.1.2.3");
    expect(clientIp(from("10.1.2.3", `${"a".repeat(300)}, 198.51.100.8, 10.0.0.2`))).toBe("198.51.100.8");
    expect(clientIp(from("10.1.2.3", "evil.example"))).toBe("10.1.2.3");
    expect(clientIp(from("10.1.2.3"))).toBe("10.1.2.3");
    expect(clientIp(from("not-an-address", "198.51.100.8"))).toBeNull();
    expect(clientIp(from(null, "198.51.100.8"))).toBeNull();
  });

  it("normalises literals", () => {
    expect(ipLiteral("[::1]")).toBe("::1");
    expect(ipLiteral(" 192.0.2.10 ")).toBe("192.0.2.10");
    expect(ipLiteral("192.0.2.256")).toBeNull();
    expect(ipLiteral("1.2.3.4:8080")).toBeNull();
    expect(ipLiteral("")).toBeNull();
  });
});

describe("the peer stamp", () => {
  it("is written by this process only: a client's own header of that name is not believed", () => {
    expect(clientIp(new Headers({ [PEER_HEADER]: "203.0.113.5" }))).toBeNull();
    expect(clientIp(new Headers({ [PEER_HEADER]: "0123456789abcdef0123456789abcdef 203.0.113.5" }))).toBeNull();
    expect(clientIp(new Headers({ [PEER_HEADER]: `${peerStamp("203.0.113.5")} 10.0.0.1` }))).toBeNull();
    expect(clientIp(new Headers({ [PEER_HEADER]: peerStamp("203.0.113.5") }))).toBe("203.0.113.5");
  });

  it("carries the socket's address into the headers Node hands on, replacing a forged one", async () => {
    stampPeerAddress();
    stampPeerAddress(); // once per process, however often asked
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const send = (from: string, headers: Record<string, string>) =>
      new Promise<void>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, localAddress: from, headers }, (res) => res.resume().on("end", resolve));
        req.on("error", reject);
        req.end();
      });
    try {
      await send("127.0.0.5", { [PEER_HEADER]: peerStamp("1.2.3.4"), "X-Forwarded-For": "9.9.9.9" });
      await send("127.0.0.6", {});
    } finally {
      server.close();
    }
    const headers = seen.map((h) => new Headers(Object.entries(h).map(([k, v]) => [k, String(v)] as [string, string])));
    expect(headers.map(clientIp)).toEqual(["127.0.0.5", "127.0.0.6"]);
  });
});

describe("TRUSTED_PROXIES", () => {
  it("is empty by default and refuses anything but addresses and networks, in Chinese", () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toBeUndefined();
    expect(parseEnv({ TRUSTED_PROXIES: "10.0.0.1, 172.16.0.0/12, ::1, fd00::/8" }).TRUSTED_PROXIES).toBe("10.0.0.1, 172.16.0.0/12, ::1, fd00::/8");
    for (const wrong of ["proxy.example", "10.0.0.0/33", "10.0.0.1/8/1", "*", "fd00::/129"]) {
      expect(() => parseEnv({ TRUSTED_PROXIES: wrong }), wrong).toThrow(/TRUSTED_PROXIES: 须为逗号分隔的 IP 地址或网段/);
    }
  });
});

describe("the same-origin check", () => {
  const origin = (value: string | null, extra: Record<string, string> = {}) => isSameOrigin(new Headers({ host: "jixiao.example.gov.cn", ...(value === null ? {} : { origin: value }), ...extra }));

  it("compares scheme, host and port with NEXTAUTH_URL", () => {
    expect(appOrigin()).toBe("https://jixiao.example.gov.cn");
    expect(origin("https://jixiao.example.gov.cn")).toBe(true);
    expect(origin("https://jixiao.example.gov.cn:443")).toBe(true);
    expect(origin("http://jixiao.example.gov.cn")).toBe(false);
    expect(origin("https://jixiao.example.gov.cn:8443")).toBe(false);
    expect(origin("https://jixiao.example.gov.cn.evil.example")).toBe(false);
    expect(origin(null)).toBe(false);
    expect(origin("null")).toBe(false);
    expect(origin("::::")).toBe(false);
  });

  it("ignores the request's own Host and X-Forwarded-Host, which a client or proxy can set", () => {
    expect(origin("https://evil.example", { host: "evil.example", "x-forwarded-host": "evil.example" })).toBe(false);
    expect(origin("https://jixiao.example.gov.cn", { "x-forwarded-host": "evil.example" })).toBe(true);
  });
});
