import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  characterClasses,
  checkPasswordStrength,
  daysUntilExpiry,
  passwordExpired,
  policySchema,
  reusesRecentPassword,
} from "@/lib/security/password-policy";
import { COMMON_PASSWORDS } from "@/lib/security/common-passwords";
import { generatePassword } from "@/lib/auth/password";

const check = (password: string, extra: { username?: string; displayName?: string } = {}) =>
  checkPasswordStrength(password, { username: extra.username ?? "zhangwei", displayName: extra.displayName, policy: DEFAULT_POLICY });

describe("policySchema", () => {
  it("accepts the defaults", () => {
    expect(policySchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY).toEqual({
      minLength: 12,
      minClasses: 3,
      historyCount: 5,
      maxAgeDays: 90,
      lockoutFailures: 5,
      lockoutMinutes: 30,
      idleMinutes: 30,
      absoluteHours: 12,
      totpRoles: ["ADMIN", "SECURITY_OFFICER", "AUDITOR"],
    });
  });

  it("accepts stricter settings and no expiry", () => {
    const stricter = { ...DEFAULT_POLICY, minLength: 12, minClasses: 4, historyCount: 24, maxAgeDays: 0, idleMinutes: 5, totpRoles: ["REPORTER", "ADMIN", "AUDITOR", "SECURITY_OFFICER", "ADMIN"] };
    expect(policySchema.parse(stricter).totpRoles).toEqual(["REPORTER", "ADMIN", "SECURITY_OFFICER", "AUDITOR"]);
  });

  const rejected: [string, Record<string, unknown>, string][] = [
    ["minLength 7", { minLength: 7 }, "密码最短长度须在 8–64 位之间"],
    ["minLength 65", { minLength: 65 }, "密码最短长度须在 8–64 位之间"],
    ["minClasses 2", { minClasses: 2 }, "密码字符种类须在 3–4 类之间"],
    ["historyCount 4", { historyCount: 4 }, "不得重复使用的历史密码个数须在 5–24 个之间"],
    ["maxAgeDays 29", { maxAgeDays: 29 }, "密码有效期须为 0（不过期）或 30–180 天"],
    ["maxAgeDays 181", { maxAgeDays: 181 }, "密码有效期须为 0（不过期）或 30–180 天"],
    ["lockoutFailures 11", { lockoutFailures: 11 }, "锁定前允许的连续失败次数须在 3–10 次之间"],
    ["lockoutFailures 2", { lockoutFailures: 2 }, "锁定前允许的连续失败次数须在 3–10 次之间"],
    ["lockoutMinutes 5", { lockoutMinutes: 5 }, "账号锁定时长须在 10–1440 分钟之间"],
    ["idleMinutes 31", { idleMinutes: 31 }, "无操作自动退出时间须在 5–30 分钟之间"],
    ["absoluteHours 25", { absoluteHours: 25 }, "会话最长时间须在 1–24 小时之间"],
    ["absoluteHours 0", { absoluteHours: 0 }, "会话最长时间须在 1–24 小时之间"],
    ["fractional minLength", { minLength: 8.5 }, "密码最短长度须为整数"],
    ["string minLength", { minLength: "8" }, "密码最短长度须为数字"],
    ["no auditor TOTP", { totpRoles: ["ADMIN", "SECURITY_OFFICER"] }, "系统管理员、安全管理员、审计管理员必须启用双因素认证"],
    ["unknown role", { totpRoles: ["ADMIN", "SECURITY_OFFICER", "AUDITOR", "ROOT"] }, "未知的角色"],
  ];
  it.each(rejected)("rejects %s", (_, change, message) => {
    const result = policySchema.safeParse({ ...DEFAULT_POLICY, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });
});

describe("checkPasswordStrength", () => {
  it("accepts a good password", () => {
    expect(check("Gx7#mPq2vL9k")).toEqual([]);
    expect(check("绿水青山Gx7mPq2v")).toEqual([]);
    expect(check("correct horse battery staple 9")).toEqual([]);
  });

  it("accepts every password the app generates itself", () => {
    for (let i = 0; i < 5_000; i++) {
      const password = generatePassword();
      expect(check(password), password).toEqual([]);
    }
  });

  it("stays fast on long hostile input", () => {
    const started = performance.now();
    check("1".repeat(60) + "a" + "!".repeat(60));
    check("qwertyuiop".repeat(1_000));
    expect(check("1".repeat(5_000) + "a" + "!".repeat(5_000))).toEqual(["密码不能超过 128 位"]);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("names the missing length and classes", () => {
    expect(check("Gx7#mP")).toEqual(["密码至少 12 位"]);
    expect(check("gx7kmpq2vlzr")).toEqual(["密码须包含大写字母、小写字母、数字、符号中的至少 3 类，当前只有 小写字母、数字"]);
    expect(check("")).toContain("密码须包含大写字母、小写字母、数字、符号中的至少 3 类，当前一类都没有");
    const strict = { ...DEFAULT_POLICY, minLength: 12, minClasses: 4 };
    expect(checkPasswordStrength("Gx7kmPq2vLzz", { username: "zw", policy: strict })).toEqual([
      "密码须包含大写字母、小写字母、数字、符号中的至少 4 类，当前只有 大写字母、小写字母、数字",
    ]);
    expect(checkPasswordStrength("Gx7#mPq2vL", { username: "zw", policy: strict })).toEqual(["密码至少 12 位"]);
  });

  it("counts full-width characters as their ASCII forms (NFKC)", () => {
    expect(characterClasses("Ｇｘ７＃")).toEqual(["大写字母", "小写字母", "数字", "符号"]);
    expect(check("Ｇｘ７＃ｍＰｑ２ｖＬ９ｋ")).toEqual([]);
    expect(check("Ｐａｓｓｗｏｒｄ１２３！").some((p) => p.includes("常见"))).toBe(true);
  });

  it.each([
    "123456",
    "Password123!",
    "Password@2025",
    "P@ssw0rd",
    "Passw0rd!",
    "Admin@123",
    "admin@123",
    "ADMIN@123",
    "Abc@1234",
    "Woaini1314!",
    "5201314aA!",
    "Qq123456!",
    "Liuzhou@2025",
    "2025#Liuzhou",
    "Zh0ngGu0#2024",
    "Jixiao@123",
    "Iloveyou!!",
    "Letmein#123",
    "Welcome1!",
  ])("rejects the common password %s", (password) => {
    expect(check(password).some((p) => p.startsWith("密码过于常见"))).toBe(true);
  });

  it.each(["1qaz2wsx", "1qaz@WSX", "!QAZ2wsx", "Qwerty!@#", "Zaq1@wsx", "Abc123!@#", "Asdf;lkj", "Qwer!234"])(
    "rejects the keyboard walk %s",
    (password) => {
      const problems = check(password);
      expect(problems.some((p) => p.startsWith("密码过于常见") || p.startsWith("密码是键盘上相邻的按键"))).toBe(true);
    },
  );

  it("reports a walk that is not on the list", () => {
    expect(check("Wsx3edc$rfv5")).toEqual(["密码是键盘上相邻的按键或连续的字母、数字（如 qwerty、1qaz2wsx、abc123），容易被猜中"]);
    expect(check("Qwe!Rty#Uio$")).toEqual([]);
  });

  it("refuses the username and the person's name", () => {
    expect(check("ZhangWei#2024x", { username: "zhangwei" })).toContain("密码不能包含用户名");
    expect(check("Gx7#zw-mPq9k", { username: "zw" })).toEqual([]);
    expect(check("张三Gx7#mPq2vL", { username: "zs01", displayName: "张三" })).toEqual(["密码不能包含姓名"]);
    expect(check("Gx7#Li-mPq9k", { username: "li01", displayName: "Li" })).toEqual([]);
  });

  it("refuses one repeated character, over-long passwords, edge spaces and control characters", () => {
    expect(check("aaaaaaaaaa")).toContain("密码不能全是同一个字符");
    expect(check("Gx7#mPq2vL".repeat(13))).toEqual(["密码不能超过 128 位"]);
    expect(check(" Gx7#mPq2vL9k")).toEqual(["密码首尾不能有空格"]);
    expect(check("Gx7#mPq2vL9k\u3000")).toEqual(["密码首尾不能有空格"]);
    expect(check("Gx7#m\u0007Pq2vL9k")).toEqual(["密码不能包含控制字符或不可见字符"]);
    expect(check("Gx7#m\u200bPq2vL9k")).toEqual(["密码不能包含控制字符或不可见字符"]);
  });
});

describe("the default policy (ASVS 4.0.3 V2.1.1: 12 characters; no repeated patterns or sequences)", () => {
  it("refuses Aa1!Aa1! — 8 characters and one chunk twice — and its 12-character form", () => {
    expect(check("Aa1!Aa1!")).toEqual(["密码至少 12 位", "密码是同一片段的重复（如 Aa1!Aa1!），容易被猜中"]);
    expect(check("Aa1!Aa1!Aa1!")).toEqual(["密码是同一片段的重复（如 Aa1!Aa1!），容易被猜中"]);
    expect(check("Gx7#mPGX7#MP")).toEqual(["密码是同一片段的重复（如 Aa1!Aa1!），容易被猜中"]);
  });

  const mostlyPredictable = "密码一半以上是重复的片段或连续的字母、数字、键盘按键（如 Abcd1234!x、Aa1!Aa1!x），容易被猜中";
  it.each(["Abcd1234!Xyz", "Aa1!Aa1!Aa1!x", "Zz#9Zz#9Zz#9k", "Lmnop#4567wq", "Gx7#9876543210", "Kq!xxxxxxxxxxx9", "Asdf!ghjkl#9"])("refuses the mostly predictable %s", (password) => {
    expect(check(password)).toEqual([mostlyPredictable]);
  });

  it.each(["Gx7#mPq2vL9k", "Ledger#2031x", "Abc#Xk9-Qm2v", "Tq8!Tq8-Wz5%yB"])("accepts %s, where the predictable part is less than half", (password) => {
    expect(check(password)).toEqual([]);
  });

  it("still allows the security officer 等保's minimum of 8", () => {
    expect(checkPasswordStrength("Gx7#mPq2", { username: "zw", policy: { ...DEFAULT_POLICY, minLength: 8 } })).toEqual([]);
    expect(checkPasswordStrength("Aa1!Aa1!", { username: "zw", policy: { ...DEFAULT_POLICY, minLength: 8 } })).toEqual(["密码是同一片段的重复（如 Aa1!Aa1!），容易被猜中"]);
  });
});

describe("common password list", () => {
  it("has over a thousand lower-case entries, English and Chinese", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(1_000);
    for (const entry of COMMON_PASSWORDS) expect(entry).toBe(entry.toLowerCase());
    for (const entry of [
      "123456", "password", "qwerty", "iloveyou", "admin", "welcome", "letmein", "5201314", "woaini", "woaini1314",
      "1314520", "147258369", "a123456", "aa123456", "qq123456", "88888888", "666666", "1qaz2wsx", "zxcvbnm",
      "abc123456", "wang123", "zhang123", "li123456", "nihao", "beijing", "shanghai", "liuzhou", "zhongguo",
      "admin@123", "p@ssw0rd", "passw0rd!", "abc@1234", "password2026", "woaini520",
    ]) {
      expect(COMMON_PASSWORDS.has(entry), entry).toBe(true);
    }
  });
});

describe("password expiry", () => {
  const changed = new Date("2025-01-01T08:00:00Z");
  const at = (days: number) => new Date(changed.getTime() + days * 86_400_000);

  it("expires after maxAgeDays", () => {
    expect(passwordExpired(changed, at(89.9), DEFAULT_POLICY)).toBe(false);
    expect(passwordExpired(changed, at(90), DEFAULT_POLICY)).toBe(true);
    expect(daysUntilExpiry(changed, at(0), DEFAULT_POLICY)).toBe(90);
    expect(daysUntilExpiry(changed, at(89.5), DEFAULT_POLICY)).toBe(1);
    expect(daysUntilExpiry(changed, at(120), DEFAULT_POLICY)).toBe(0);
  });

  it("never expires when maxAgeDays is 0", () => {
    const never = { ...DEFAULT_POLICY, maxAgeDays: 0 };
    expect(passwordExpired(changed, at(10_000), never)).toBe(false);
    expect(daysUntilExpiry(changed, at(10_000), never)).toBeNull();
  });
});

describe("reusesRecentPassword", () => {
  // A fake verify: the "hash" of a password is "h:" + password.
  const calls: string[] = [];
  const verify = async (hash: string, password: string) => {
    calls.push(hash);
    if (hash === "broken") throw new Error("bad hash");
    return hash === `h:${password}`;
  };
  const history = ["h:p6", "h:p5", "broken", "h:p3", "h:p2", "h:p1"];

  it("checks only the last historyCount passwords", async () => {
    expect(await reusesRecentPassword("p6", history, verify, DEFAULT_POLICY)).toBe(true);
    expect(await reusesRecentPassword("p2", history, verify, DEFAULT_POLICY)).toBe(true);
    expect(await reusesRecentPassword("p1", history, verify, DEFAULT_POLICY)).toBe(false);
    expect(await reusesRecentPassword("p1", history, verify, { ...DEFAULT_POLICY, historyCount: 6 })).toBe(true);
    expect(await reusesRecentPassword("new", [], verify, DEFAULT_POLICY)).toBe(false);
  });

  it("stops at the first match and treats a damaged hash as no match", async () => {
    calls.length = 0;
    expect(await reusesRecentPassword("p5", history, verify, DEFAULT_POLICY)).toBe(true);
    expect(calls).toEqual(["h:p6", "h:p5"]);
    calls.length = 0;
    expect(await reusesRecentPassword("zzz", history, verify, DEFAULT_POLICY)).toBe(false);
    expect(calls).toHaveLength(5);
  });
});
