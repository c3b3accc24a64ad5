import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { auditHash, canonicalJson } from "@/lib/audit/chain";

describe("canonicalJson", () => {
  it("writes the same text whatever order the keys were inserted in", () => {
    const a = { b: 1, a: 2, c: { z: true, y: null } };
    const b = { c: { y: null, z: true }, a: 2, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":2,"b":1,"c":{"y":null,"z":true}}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it("sorts keys at every depth, inside arrays too, and keeps array order", () => {
    // 甲 is U+7532 and 乙 U+4E59: code order, not the order of the 天干.
    const value = { list: [{ 甲: 1, 乙: 2 }, [3, 1, 2], "x"], nested: { deeper: { b: [], a: {} } } };
    expect(canonicalJson(value)).toBe('{"list":[{"乙":2,"甲":1},[3,1,2],"x"],"nested":{"deeper":{"a":{},"b":[]}}}');
  });

  it("ignores the key order PostgreSQL's JSONB uses (shorter keys first)", () => {
    // What recordAudit was given, and the same object as JSONB hands it back.
    const written = { projectName: "日常办公耗材购置", budgetWan: "3.00", id: "a1" };
    const readBack = JSON.parse('{"id": "a1", "budgetWan": "3.00", "projectName": "日常办公耗材购置"}') as unknown;
    expect(canonicalJson(readBack)).toBe(canonicalJson(written));
    expect(JSON.stringify(readBack)).not.toBe(JSON.stringify(written));
  });

  it("keeps Chinese and other non-ASCII text as is, escaping only what JSON must", () => {
    expect(canonicalJson({ 名称: "购买打印纸（≥50箱）", emoji: "😀" })).toBe('{"emoji":"😀","名称":"购买打印纸（≥50箱）"}');
    expect(canonicalJson('引号" 反斜杠\\ 换行\n 制表\t \u0001 \u2028')).toBe('"引号\\" 反斜杠\\\\ 换行\\n 制表\\t \\u0001 \u2028"');
  });

  it("sorts keys by UTF-16 code unit, as RFC 8785 does", () => {
    // "Z" < "a" < "é" < "中" < "😀" (U+D83D…) < "ｚ" (U+FF5A): code unit order, not locale order.
    const value = { "ｚ": 6, "😀": 5, 中: 4, é: 3, a: 2, Z: 1 };
    expect(canonicalJson(value)).toBe('{"Z":1,"a":2,"é":3,"中":4,"😀":5,"ｚ":6}');
  });

  it("writes numbers as JSON.stringify does", () => {
    expect(canonicalJson([0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1e-7, 123456789012345680000, 2 ** 53 + 2, 5e-324])).toBe(
      "[0,0,1,-1.5,0.30000000000000004,1e+21,1e-7,123456789012345680000,9007199254740994,5e-324]",
    );
    expect(canonicalJson({ nan: NaN, inf: -Infinity })).toBe('{"inf":null,"nan":null}');
  });

  it("drops undefined members, keeps null, and writes null for undefined in arrays, like JSON", () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, null], d: () => 1 })).toBe('{"b":null,"c":[null,null]}');
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it("applies toJSON (dates, decimals) and agrees with a JSON round trip", () => {
    const decimal = { toJSON: () => "12.50" };
    const value = { when: new Date("2025-06-01T08:00:00.123Z"), amount: decimal, flags: [true, false], n: new Number(3) };
    expect(canonicalJson(value)).toBe('{"amount":"12.50","flags":[true,false],"n":3,"when":"2025-06-01T08:00:00.123Z"}');
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });

  it("refuses what JSON.stringify refuses", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/circular/);
    expect(() => canonicalJson({ big: 1n })).toThrow(/BigInt/);
    // The same object twice, side by side, is not a cycle.
    const shared = { x: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});

describe("auditHash", () => {
  const record = {
    occurredAt: new Date("2025-06-01T08:00:00.123Z"),
    userId: "0b6f3c1e-8a4d-4f2b-9c1a-2d3e4f5a6b7c",
    username: "zhangsan",
    ip: "10.0.0.1",
    action: "indicator.update",
    objectType: "Indicator",
    objectId: "a1",
    before: { 目标值: "50", unit: "箱" },
    after: { 目标值: "60", unit: "箱" },
    outcome: "SUCCESS",
    detail: null,
  };

  it("is sha256 of prevHash | canonical content, frozen: a change here breaks every stored chain", () => {
    // Checked independently with Python: sha256(("|" + json.dumps(c, sort_keys=True,
    // separators=(",", ":"), ensure_ascii=False)).encode()).hexdigest()
    expect(auditHash("", record)).toBe("7b82c95b6701a674cd2554e4d9771cfd37fc0aaf2c29724ef486f22b64157718");
    expect(auditHash("ab".repeat(32), record)).toBe("b04e8272e9c849fff4f38b7b0c45c3d19d3096347da1fa5c5ac40afe54010582");
  });

  it("does not depend on key order in before/after, but on every value and on prevHash", () => {
    const reordered = { ...record, before: { unit: "箱", 目标值: "50" } };
    expect(auditHash("", reordered)).toBe(auditHash("", record));
    expect(auditHash("", { ...record, after: { 目标值: "61", unit: "箱" } })).not.toBe(auditHash("", record));
    expect(auditHash("", { ...record, occurredAt: new Date("2025-06-01T08:00:00.124Z") })).not.toBe(auditHash("", record));
    expect(auditHash("x", record)).not.toBe(auditHash("", record));
  });

  it("treats absent optional fields as explicit nulls, and ignores other row fields", () => {
    const bare = { ...record, userId: null, ip: null, before: null, after: null };
    const row = { ...bare, id: 7n, prevHash: null, hash: "whatever", before: undefined };
    expect(auditHash("", row)).toBe(auditHash("", bare));
  });
});

describe("npm run cli -- audit verify", () => {
  // Without DATABASE_URL it verifies the embedded database (tests/integration/embedded.test.ts runs it
  // beside the app); here, a configuration that leaves no database to work on.
  it("says in Chinese what is wrong when there is no database to work on, and exits 2", () => {
    const run = spawnSync("npx", ["tsx", "scripts/cli.ts", "audit", "verify"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: "", EMBEDDED_DB_PORT: "端口" } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("环境变量配置有误");
    expect(run.stderr).toContain("EMBEDDED_DB_PORT");
  }, 30_000);

  it("exits 2 with the usage on an unknown audit command", () => {
    const run = spawnSync("npx", ["tsx", "scripts/cli.ts", "audit", "repair"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("audit verify");
  }, 30_000);
});
