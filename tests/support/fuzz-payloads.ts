import { rng } from "./random";

// Random and hostile values for the fuzzer, drawn from a seeded PRNG so that a failing case can be
// replayed from its seed. Every draw tags the call with its category (sql, script, huge-string,
// wrong-type, other-unit-id…), for the per-category counts the fuzzer reports.

export interface IdPool {
  /** The caller's unit (309001) records, by kind. */
  own: Record<string, string[]>;
  /** The other unit's (309002) records, by kind. */
  other: Record<string, string[]>;
  /** Ids outside any unit: users, fiscal years, departments. */
  global: Record<string, string[]>;
}

export const SQL = [`' OR 1=1 --`, `"; DROP TABLE "Project"; --`, `1; SELECT pg_sleep(5); --`, `' UNION SELECT "passwordHash" FROM "User" --`, `%' OR username LIKE '%`, `\\'; TRUNCATE "AuditEvent"; --`, `$1`, `::uuid`];
export const SCRIPT = [`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `javascript:alert(1)`, `<svg onload=alert(1)>`, `{{7*7}}`, "${process.exit(1)}", `=HYPERLINK("http://evil.example","点我")`, `=cmd|' /C calc'!A0`];
export const UNICODE = ["\uD800", "\uDFFF", "a\u0000b", "\u0000", "\u202Eexe.pdf", "\u200F\u200E", "\uFEFF", "e\u0301", "𠀀𪚥😀", "\u2028\u2029", "ｆｕｌｌ１２３", "\u00A0 \u3000", "نص", "\u0085"];
export const NUMERIC_TEXT = ["", " ", "0", "-1", "NaN", "Infinity", "1e309", "0x10", "12.345", "１２３．５", "99999999999999999999", "-0", "1,000.00", "5%", "null", "undefined", "true", "[]", "{}"];
/** Numbers as text just past the columns' precision: decimal(24,8), decimal(18,2), decimal(6,2), decimal(5,2). */
export const OVERFLOW = ["99999999999999999999", "10000000000000000", "9999999999999999.999999999", "1000000000000000000000000", "1".repeat(40), "100000000000000000.00", "10000.00", "1000.001"];
/** Numbers as text at and around the columns' precision. */
export const NUMERIC_EDGE = ["99999999999999999999", "9999999999999999.99999999", "10000000000000000", "9999999999999999.999999999", "0.000000001", "1e21", "-0.00", "00000000000000000000001", "1".repeat(40), `0.${"1".repeat(20)}`, "9999.99", "10000", "100.001", "-5", "1,000,000", "５０", "100000", "99999.99", "1000000000000000000000000", "100.5", "-0.01", "0"];
export const PATHS = ["../../etc/passwd", "..\\..\\windows\\win.ini", "/dev/zero", "%2e%2e%2f", "C:\\boot.ini", "__proto__", "constructor", "prototype", "toString"];

const PLAUSIBLE = ["保障服务器正常运行", "同意", "请补充佐证材料", "数据更正", "龙城市民云", "100", "95", "是", "良好", "2025-06-01", "1200.00", "某科技有限公司"];

export class Fuzz {
  readonly tags = new Set<string>();
  private readonly r: () => number;

  constructor(
    seed: number,
    private readonly ids: IdPool,
    /** Deep mode: the generators that can start from valid records always do. */
    readonly deep = false,
  ) {
    this.r = rng(seed);
  }

  /** For a generator's "start from a valid record" branch: always in deep mode, else with probability p. */
  prefer(p: number): boolean {
    return this.deep || this.chance(p);
  }

  float(): number {
    return this.r();
  }
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  tag<T>(name: string, value: T): T {
    this.tags.add(name);
    return value;
  }

  /** `text` with a character PostgreSQL or a browser chokes on slipped in: NUL, a lone surrogate, an RTL override. */
  poison(text: string): string {
    const at = this.int(text.length + 1);
    const bad = this.pick(["\u0000", "\u0000", "\uD800", "\uDFFF", "\u202E", "\uFFFF"]);
    this.tags.add(bad === "\u0000" ? "nul" : "unicode");
    return text.slice(0, at) + bad + text.slice(at);
  }

  /** A hostile or edge-case string. */
  hostileString(): string {
    switch (this.int(10)) {
      case 9:
        return this.poison(this.pick(PLAUSIBLE));
      case 0:
        return this.tag("sql", this.pick(SQL));
      case 1:
        return this.tag("script", this.pick(SCRIPT));
      case 2:
        return this.tag("unicode", this.pick(UNICODE) + (this.chance(0.5) ? this.pick(PLAUSIBLE) : ""));
      case 3:
        return this.tag("huge-string", (this.chance(0.5) ? "字" : this.pick(["A", "'", "<", "\u0000", "9"])).repeat(100_000));
      case 4:
        return this.tag("numeric-text", this.pick(this.chance(0.5) ? NUMERIC_TEXT : NUMERIC_EDGE));
      case 5:
        return this.tag("path", this.pick(PATHS));
      case 6:
        return this.tag("id-as-text", this.id());
      case 7:
        return this.tag("random-text", Array.from({ length: 1 + this.int(40) }, () => String.fromCharCode(this.int(0x3000))).join(""));
      default:
        return this.tag("plausible", this.pick(PLAUSIBLE));
    }
  }

  /** A well-formed (version 4) UUID that names nothing. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16)).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[this.int(4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** An id: unknown, malformed, another unit's real one, or the caller's own. */
  id(kind?: string): string {
    const global = kind ? this.ids.global[kind] : undefined;
    if (global) {
      const n = this.int(5);
      if (n === 0) return this.tag("unknown-id", this.uuid());
      if (n === 1) return this.tag("malformed-id", this.pick(["", "1", "null", `${this.pick(global)}\u0000`, this.pick(global).toUpperCase(), "' OR 1=1 --"]));
      return this.tag("real-id", this.pick(global));
    }
    const kinds = Object.keys(this.ids.own);
    const k = kind && this.ids.own[kind] ? kind : this.pick(kinds);
    const roll = this.int(20);
    switch (roll < 2 ? 0 : roll < 4 ? 1 : roll < 10 ? 2 : roll < 13 ? 4 : 5) {
      case 0:
        return this.tag("unknown-id", this.uuid());
      case 1:
        return this.tag("malformed-id", this.pick(["00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}", "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ", "1", "-1", "", "null", `${this.pick(this.ids.own[k] ?? ["x"])} `, `${this.pick(this.ids.own[k] ?? ["x"])}\u0000`, (this.pick(this.ids.other[k] ?? ["x"]) ?? "").toUpperCase(), "' OR 1=1 --"]));
      case 2:
        return this.tag("other-unit-id", this.pick(this.ids.other[k]?.length ? this.ids.other[k]! : ["00000000-0000-4000-8000-000000000000"]));
      case 4:
        return this.tag("global-id", this.pick(Object.values(this.ids.global).flat()));
      default:
        return this.tag("own-id", this.pick(this.ids.own[k]?.length ? this.ids.own[k]! : ["00000000-0000-4000-8000-000000000000"]));
    }
  }

  /** A value of the wrong type for any parameter (what a crafted Server Action call can carry). */
  wrongType(depth = 0): unknown {
    this.tags.add("wrong-type");
    switch (this.int(depth > 1 ? 8 : 11)) {
      case 0:
        return null;
      case 1:
        return undefined;
      case 2:
        return this.pick([0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53 + 1, 1e308, -0]);
      case 3:
        return this.chance(0.5);
      case 4:
        return new Date(this.pick([0, 8.64e15, -8.64e15, Date.UTC(2025, 5, 1)]));
      case 5:
        return BigInt(this.pick(["0", "-1", "9223372036854775808", "2025"]));
      case 6:
        return this.hostileString();
      case 7:
        return this.id();
      case 8:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      case 9:
        return this.object(depth + 1);
      default:
        return this.pick([new Map([["a", 1]]), new Set([1, 2]), new Uint8Array([1, 2, 3])]);
    }
  }

  /** An object with hostile keys (prototype pollution attempts included) and values. */
  object(depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = JSON.parse(this.chance(0.3) ? `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}` : "{}");
    for (let n = this.int(4); n > 0; n--) out[this.chance(0.5) ? this.hostileString().slice(0, 40) : this.pick(["id", "name", "value", "rows", "version", "status", "role"])] = this.value(depth + 1);
    return out;
  }

  /** Any value: mostly strings and ids, often wrong types. */
  value(depth = 0): unknown {
    const n = this.int(10);
    return n < 4 ? this.hostileString() : n < 6 ? this.id() : this.wrongType(depth);
  }

  /** A JSON-serialisable value (for request bodies). */
  json(depth = 0): unknown {
    switch (this.int(depth > 1 ? 5 : 7)) {
      case 0:
        return null;
      case 1:
        return this.tag("wrong-type", this.pick([0, -1, 1.5, 2 ** 53 + 1, 1e308, true, false]));
      case 2:
      case 3:
        return this.hostileString();
      case 4:
        return this.id();
      case 5:
        return Array.from({ length: this.int(4) }, () => this.json(depth + 1));
      default: {
        const out: Record<string, unknown> = JSON.parse(this.chance(0.2) ? `{"__proto__":{"polluted":true}}` : "{}");
        for (let k = this.int(4); k > 0; k--) out[this.chance(0.6) ? this.pick(["year", "month", "rows", "date", "amount", "payee", "indicatorId", "actual", "confirmed"]) : this.hostileString().slice(0, 30)] = this.json(depth + 1);
        return out;
      }
    }
  }

  /** Usually `make()`, sometimes a hostile value in its place. */
  or<T>(make: () => T, hostile = 0.3): T | unknown {
    return this.chance(hostile) ? this.value() : make();
  }

  /** Usually `make()`; sometimes a hostile string in its place, or `make()` with a poisoned character. */
  text(make: () => string, hostile = 0.4): string {
    if (!this.chance(hostile)) return make();
    return this.chance(0.5) ? this.hostileString() : this.poison(make());
  }

  /** A copy of a valid object with one or two fields replaced by hostile values (to get past the first checks). */
  mutate<T extends Record<string, unknown>>(valid: T, focus: string[] = []): T {
    this.tags.add("mutated-valid");
    const out: Record<string, unknown> = { ...valid };
    const keys = Object.keys(out);
    for (let n = this.chance(0.75) ? 1 : 2; n > 0 && keys.length > 0; n--) {
      const key = focus.length && this.chance(0.6) ? this.pick(focus) : this.pick(keys);
      const current = out[key];
      const numeric = typeof current === "string" && /^[+-]?[\d.,]+%?$/.test(current);
      out[key] = typeof current === "string" && this.chance(numeric ? 0.85 : 0.6) ? (numeric && this.chance(0.8) ? this.tag("numeric-edge", this.pick(this.chance(0.5) ? OVERFLOW : NUMERIC_EDGE)) : this.chance(0.5) ? this.poison(current) : this.tag("numeric-text", this.pick(NUMERIC_EDGE))) : this.value();
    }
    if (this.chance(0.1)) out[this.pick(["__proto__", "extra", "id", "createdById", "unitId", "status"])] = this.value();
    return out as T;
  }

  /** Random bytes, or the start of a real format followed by garbage. */
  bytes(): Uint8Array {
    const length = this.pick([0, 1, 16, 512, 4096, 70_000]);
    const out = new Uint8Array(length);
    for (let n = 0; n < length; n++) out[n] = this.int(256);
    const prefix = this.pick(["", "%PDF-1.7\n", "PK\u0003\u0004", "\u0089PNG\r\n\u001a\n", "<html><script>alert(1)</script>", "MZ\u0090\u0000", "支付日期,支付金额,收款单位\n"]);
    out.set(new TextEncoder().encode(prefix).slice(0, length));
    return this.tag("garbage-bytes", out);
  }
}

/** A 32-bit seed from a run seed and the case's coordinates (function, role, iteration). */
export function caseSeed(...parts: (string | number)[]): number {
  let h = 2166136261;
  for (const ch of parts.join("|")) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
