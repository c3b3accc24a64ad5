import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fitLines, networkError, renderRequest, responseError, type NotifyMessage } from "@/lib/notify/format";
import { webhookUrlError } from "@/lib/notify/webhook-schema";

const NOW = new Date("2025-08-06T01:00:00Z");
const message: NotifyMessage = {
  event: "report.return",
  title: "柳州市信息化建设管理中心 2025 年 7 月填报已退回",
  lines: ["审核人：张审核", "退回原因：组织项目验收数量与验收报告不符"],
  link: "https://jx.example.gov.cn/progress?year=2025&month=7",
  department: { code: "309", name: "柳州市大数据发展局" },
};
const body = (format: Parameters<typeof renderRequest>[0], secret: string | null = null) => JSON.parse(renderRequest(format, "https://robot.example/send?key=abc", secret, message, NOW).body) as Record<string, Record<string, string> | string>;

describe("webhook bodies (lib/notify/format.ts)", () => {
  it("企业微信 text and markdown", () => {
    expect(body("WECOM_TEXT")).toEqual({ msgtype: "text", text: { content: "【绩效通】柳州市大数据发展局：柳州市信息化建设管理中心 2025 年 7 月填报已退回\n审核人：张审核\n退回原因：组织项目验收数量与验收报告不符\n查看：https://jx.example.gov.cn/progress?year=2025&month=7" } });
    expect(body("WECOM_MARKDOWN")).toEqual({ msgtype: "markdown", markdown: { content: "### 柳州市信息化建设管理中心 2025 年 7 月填报已退回\n> 309 柳州市大数据发展局\n- 审核人：张审核\n- 退回原因：组织项目验收数量与验收报告不符\n[在绩效通中查看](https://jx.example.gov.cn/progress?year=2025&month=7)" } });
  });

  it("钉钉 markdown carries a title; 加签 puts timestamp and sign on the URL", () => {
    const b = body("DINGTALK_MARKDOWN");
    expect(b.msgtype).toBe("markdown");
    expect((b.markdown as Record<string, string>).title).toBe(message.title);
    expect((b.markdown as Record<string, string>).text).toContain("- 退回原因：组织项目验收数量与验收报告不符");
    const signed = new URL(renderRequest("DINGTALK_TEXT", "https://oapi.dingtalk.com/robot/send?access_token=t", "SECxyz", message, NOW).url);
    expect(signed.searchParams.get("access_token")).toBe("t");
    expect(signed.searchParams.get("timestamp")).toBe(String(NOW.getTime()));
    expect(signed.searchParams.get("sign")).toBe(createHmac("sha256", "SECxyz").update(`${NOW.getTime()}\nSECxyz`).digest("base64"));
  });

  it("generic JSON, signed over timestamp and body", () => {
    const request = renderRequest("JSON", "http://127.0.0.1:9/hook", "k", message, NOW);
    expect(JSON.parse(request.body)).toMatchObject({ source: "jixiao", event: "report.return", title: message.title, lines: message.lines, link: message.link, department: message.department, sentAt: NOW.toISOString() });
    expect(request.headers["X-Jixiao-Event"]).toBe("report.return");
    const ts = request.headers["X-Jixiao-Timestamp"]!;
    expect(request.headers["X-Jixiao-Signature"]).toBe(`sha256=${createHmac("sha256", "k").update(`${ts}.${request.body}`).digest("hex")}`);
    expect(renderRequest("JSON", "http://127.0.0.1:9/hook", null, message, NOW).headers["X-Jixiao-Signature"]).toBeUndefined();
  });

  it("keeps a long message within the robot's limit and says how many lines are left", () => {
    const many = { ...message, lines: Array.from({ length: 200 }, (_, n) => `柳州市信息化建设管理中心：2025 年 ${(n % 12) + 1} 月进展未提交，已逾期 ${n} 天`) };
    const content = (JSON.parse(renderRequest("WECOM_TEXT", "https://r.example/", null, many, NOW).body) as { text: { content: string } }).text.content;
    expect(Buffer.byteLength(content, "utf8")).toBeLessThanOrEqual(2048);
    const shown = content.split("\n").filter((l) => l.startsWith("柳州市信息化建设管理中心：")).length;
    expect(content).toContain(`……另有 ${200 - shown} 项，请登录系统查看`);
    expect(content.endsWith(`查看：${message.link}`)).toBe(true);
    expect(fitLines("头", ["a", "b"], "尾", 100)).toBe("头\na\nb\n尾");
  });

  it("reads the answer: HTTP errors, the robots' errcode, timeouts and refused connections, in words", () => {
    expect(responseError("WECOM_TEXT", 200, '{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(responseError("WECOM_TEXT", 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toBe("企业微信拒收，错误码 93000：invalid webhook url");
    expect(responseError("DINGTALK_TEXT", 200, '{"errcode":310000,"errmsg":"sign not match"}')).toBe("钉钉拒收，错误码 310000：sign not match");
    expect(responseError("JSON", 500, "boom")).toBe("对方返回 HTTP 500：boom");
    expect(responseError("JSON", 204, "")).toBeNull();
    expect(responseError("JSON", 302, "")).toBe("对方返回 HTTP 302");
    expect(networkError(Object.assign(new Error("t"), { name: "TimeoutError" }), 10_000)).toBe("10 秒内未应答（超时）");
    expect(networkError(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }), 10_000)).toBe("连接被拒绝：该地址和端口上没有服务");
  });

  it("accepts only http(s) addresses without credentials", () => {
    expect(webhookUrlError("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1")).toBeNull();
    expect(webhookUrlError("http://10.1.2.3:8080/hook")).toBeNull();
    expect(webhookUrlError("ftp://example.com/x")).toBe("地址须以 http:// 或 https:// 开头（现为 ftp:）");
    expect(webhookUrlError("javascript:alert(1)")).toBe("地址须以 http:// 或 https:// 开头（现为 javascript:）");
    expect(webhookUrlError("企业微信机器人")).toContain("不是有效的网址");
    expect(webhookUrlError("https://user:pw@example.com/")).toBe("地址中不能包含用户名或密码");
  });
});
