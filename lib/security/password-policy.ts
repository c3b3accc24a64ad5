import { z } from "zod";
import type { Role } from "@/lib/db/generated/enums";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { COMMON_PASSWORDS } from "@/lib/security/common-passwords";

// The sign-in policy (等保 2.0 level 3 身份鉴别, docs/security.md), as pure functions: no database, no argon2, no UI.

export interface PasswordPolicy {
  /** Fewest characters (code points after NFKC). */
  minLength: number;
  /** Fewest character classes out of upper case, lower case, digits and symbols. */
  minClasses: number;
  /** A new password may not equal any of this many most recent ones. */
  historyCount: number;
  /** Days a password lasts; 0 = never expires. */
  maxAgeDays: number;
  /** Consecutive failures that lock an account… */
  lockoutFailures: number;
  /** …for this many minutes. */
  lockoutMinutes: number;
  /** Minutes without activity that end a session. */
  idleMinutes: number;
  /** Hours after sign-in that end a session whatever the activity. */
  absoluteHours: number;
  /** Roles that must sign in with a TOTP code as well as a password. */
  totpRoles: Role[];
}

/** Roles that always need two-factor sign-in: the system administrator and the other two of 三员. */
export const PRIVILEGED_ROLES: readonly Role[] = ["ADMIN", "SECURITY_OFFICER", "AUDITOR"];

/**
 * minLength 12: OWASP ASVS 4.0.3 V2.1.1 asks at least 12 characters (NIST SP 800-63B-4 asks 15 where
 * a password is the only factor; the privileged roles here always have a second one). The security
 * officer may go down to 等保's usual 8, never below.
 */
export const DEFAULT_POLICY: Readonly<PasswordPolicy> = Object.freeze({
  minLength: 12,
  minClasses: 3,
  historyCount: 5,
  maxAgeDays: 90,
  lockoutFailures: 5,
  lockoutMinutes: 30,
  idleMinutes: 30,
  absoluteHours: 12,
  totpRoles: [...PRIVILEGED_ROLES],
});

/** Passwords longer than this are refused (argon2 does not care, but nobody types 129 characters). */
export const PASSWORD_MAX_LENGTH = 128;

const ROLES = Object.keys(ROLE_LABELS) as [Role, ...Role[]];

const intBetween = (label: string, min: number, max: number, unit: string) =>
  z
    .number({ error: `${label}须为数字` })
    .int(`${label}须为整数`)
    .min(min, `${label}须在 ${min}–${max} ${unit}之间`)
    .max(max, `${label}须在 ${min}–${max} ${unit}之间`);

/**
 * The policy as the security officer edits it. The bounds keep every setting at or above what a
 * 等保 2.0 level-3 assessment expects (GB/T 22239-2019 8.1.4.1 身份鉴别); the standard states the
 * requirements in words, and the numbers are the usual assessment practice (GB/T 28448-2019):
 *
 * - a) "身份鉴别信息具有复杂度要求并定期更换":
 *   - minLength 8–64: 8 is the floor assessors accept; 64 leaves room under the 128-character cap.
 *   - minClasses 3–4: "复杂度" is read as at least three of upper/lower/digit/symbol.
 *   - maxAgeDays 0 or 30–180: "定期更换"; at most half a year, and not so often (< 30 days) that people
 *     cycle through variants. 0 switches expiry off, which the product allows (NIST SP 800-63B advises
 *     against forced changes; an assessor may then ask for the compensating two-factor sign-in).
 *   - historyCount 5–24: changing must not mean switching back; 24 is the Windows maximum.
 * - b) "应具有登录失败处理功能，应配置并启用结束会话、限制非法登录次数和当登录连接超时自动退出":
 *   - lockoutFailures 3–10: fewer than 3 lets anyone lock others out; more than 10 invites guessing.
 *   - lockoutMinutes 10–1440: long enough to stop online guessing, at most a day.
 *   - idleMinutes 5–30: "登录连接超时自动退出"; assessors expect 30 minutes or less.
 *   - absoluteHours 1–24: a session ends within a working day even when kept active.
 * - d) "应采用口令、密码技术、生物技术等两种或两种以上组合的鉴别技术": the privileged roles
 *   (系统管理员、安全管理员、审计管理员, the 三员 of 8.1.10) must always use TOTP; other roles may be added.
 */
export const policySchema = z.object({
  minLength: intBetween("密码最短长度", 8, 64, "位"),
  minClasses: intBetween("密码字符种类", 3, 4, "类"),
  historyCount: intBetween("不得重复使用的历史密码个数", 5, 24, "个"),
  maxAgeDays: z
    .number({ error: "密码有效期须为数字" })
    .int("密码有效期须为整数")
    .refine((days) => days === 0 || (days >= 30 && days <= 180), "密码有效期须为 0（不过期）或 30–180 天"),
  lockoutFailures: intBetween("锁定前允许的连续失败次数", 3, 10, "次"),
  lockoutMinutes: intBetween("账号锁定时长", 10, 1440, "分钟"),
  idleMinutes: intBetween("无操作自动退出时间", 5, 30, "分钟"),
  absoluteHours: intBetween("会话最长时间", 1, 24, "小时"),
  totpRoles: z
    .array(z.enum(ROLES, { error: "未知的角色" }), { error: "须启用双因素认证的角色须为列表" })
    .refine(
      (roles) => PRIVILEGED_ROLES.every((role) => roles.includes(role)),
      `${PRIVILEGED_ROLES.map((role) => ROLE_LABELS[role]).join("、")}必须启用双因素认证`,
    )
    // Duplicates removed, in the usual role order.
    .transform((roles) => ROLES.filter((role) => roles.includes(role))),
}) satisfies z.ZodType<PasswordPolicy>;

/** Full-width letters, digits and symbols (typed with a Chinese input method) become ASCII. */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

const CLASS_NAMES = ["大写字母", "小写字母", "数字", "符号"] as const;

/** The character classes present, by name, in the order of CLASS_NAMES. */
export function characterClasses(password: string): string[] {
  const text = normalizePassword(password);
  const present = [
    /\p{Lu}/u.test(text),
    /\p{Ll}/u.test(text),
    /\p{Nd}/u.test(text),
    // Anything else printable: punctuation, symbols, spaces, and letters without case such as 汉字.
    /[^\p{Lu}\p{Ll}\p{Nd}\p{C}]/u.test(text),
  ];
  return CLASS_NAMES.filter((_, i) => present[i]);
}

// Shifted symbols back to their keys, so "!QAZ@WSX" is seen as the walk "1qaz2wsx".
const UNSHIFT: Record<string, string> = Object.fromEntries(
  [..."!@#$%^&*()_+{}|:\"<>?~"].map((char, i) => [char, "1234567890-=[]\\;',./`"[i]!]),
);
const unshift = (text: string) => text.replace(/[!@#$%^&*()_+{}|:"<>?~]/g, (c) => UNSHIFT[c]!);

// Look-alike substitutions ("p@ssw0rd"); "1" may stand for i or l, so both are tried.
const LEET: Record<string, string> = { "@": "a", "4": "a", "0": "o", "3": "e", $: "s", "5": "s", "7": "t", "!": "i", "|": "l" };
const unleet = (text: string, one: "i" | "l") => text.replace(/[@4031$57!|]/g, (c) => (c === "1" ? one : LEET[c]!));

/** Whether the (lower-case) password is a common one, or a common one with digits and symbols added. */
function isCommon(lower: string): boolean {
  const candidates = new Set<string>();
  for (const base of [lower, unshift(lower)]) {
    candidates.add(base);
    // Cut the trailing digits and symbols at every point, so a look-alike "0" ending the word
    // survives ("zh0nggu0#2024" → "zh0nggu0"); likewise once leading ones are removed ("2025#liuzhou").
    for (const text of [base, base.replace(/^[^\p{L}]+/u, "")]) {
      const letters = text.replace(/[^\p{L}]+$/u, "").length;
      for (let end = letters; end <= text.length; end++) if (end >= 4) candidates.add(text.slice(0, end));
    }
  }
  for (const candidate of [...candidates]) {
    candidates.add(unleet(candidate, "i"));
    candidates.add(unleet(candidate, "l"));
  }
  return [...candidates].some((candidate) => COMMON_PASSWORDS.has(candidate));
}

// Runs along the keyboard (rows, columns, zigzags) and the alphabet, read either way.
const WALKS = [
  "`1234567890-=",
  "qwertyuiop[]\\",
  "asdfghjkl;'",
  "zxcvbnm,./",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
  "1q2w3e4r5t6y7u8i9o0p",
  "q1w2e3r4t5y6u7i8o9p0",
  "qawsedrftgyhujikolp;",
  "azsxdcfvgbhnjmk,l.;/",
  "abcdefghijklmnopqrstuvwxyz",
  "01234567890",
].flatMap((walk) => [walk, [...walk].reverse().join("")]);

/** The length of the run along a walk that starts at `at`, or 0 when shorter than `least` keys. */
function runAt(text: string, at: number, least: number): number {
  let end = at + least - 1; // grows only while text[at, end + 1) is on a walk: a run reaches `least` or stays 0
  while (end < text.length && WALKS.some((walk) => walk.includes(text.slice(at, end + 1)))) end++;
  return end - at >= least ? end - at : 0;
}

/** Whether the password is nothing but runs of three or more keys along a walk ("1qaz2wsx", "abc123"). */
function isWalk(lower: string): boolean {
  const text = unshift(lower);
  if (text.length < 3) return false;
  // reachable[i]: text[0, i) splits into runs.
  const reachable = [true, ...Array<boolean>(text.length).fill(false)];
  for (let i = 0; i < text.length; i++) {
    if (!reachable[i]) continue;
    for (let j = i + 3; j <= text.length; j++) {
      if (WALKS.some((walk) => walk.includes(text.slice(i, j)))) reachable[j] = true;
      else break;
    }
  }
  return reachable[text.length]!;
}

/**
 * How many characters of the password a guesser gets for free: those inside a run of four or more
 * along a walk ("abcd", "1234", "qwer"; three would count half of all random strings, whose letters
 * and digits often sit side by side on the zigzag walks), and those that repeat the chunk just before
 * them ("Aa1!" in "Aa1!Aa1!", the second "x" in "xx"). Such passwords are the first a cracking tool tries.
 */
function predictableCharacters(lower: string): number {
  const walked = unshift(lower);
  const covered = Array<boolean>(lower.length).fill(false);
  for (let i = 0; i < walked.length; i++) {
    const run = runAt(walked, i, 4);
    for (let k = i; k < i + run; k++) covered[k] = true;
  }
  for (let i = 1; i < lower.length; i++) {
    for (let size = 1; size <= i && i + size <= lower.length; size++) {
      if (lower.slice(i - size, i) === lower.slice(i, i + size)) for (let k = i; k < i + size; k++) covered[k] = true;
    }
  }
  return covered.filter(Boolean).length;
}

/**
 * What is wrong with a new password, as specific Chinese sentences; empty when it is acceptable.
 * The checks run on the NFKC form (see normalizePassword); callers should hash that form too.
 */
export function checkPasswordStrength(
  password: string,
  { username, displayName, policy }: { username: string; displayName?: string; policy: PasswordPolicy },
): string[] {
  const text = normalizePassword(password);
  const lower = text.toLowerCase();
  const length = [...text].length;
  const problems: string[] = [];

  if (length < policy.minLength) problems.push(`密码至少 ${policy.minLength} 位`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`密码不能超过 ${PASSWORD_MAX_LENGTH} 位`);

  const classes = characterClasses(text);
  if (classes.length < policy.minClasses) {
    const current = classes.length ? `当前只有 ${classes.join("、")}` : "当前一类都没有";
    problems.push(`密码须包含${CLASS_NAMES.join("、")}中的至少 ${policy.minClasses} 类，${current}`);
  }

  if (/^\s|\s$/u.test(text)) problems.push("密码首尾不能有空格");
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(text)) problems.push("密码不能包含控制字符或不可见字符");
  const oneCharacter = /^(.)\1*$/su.test(text);
  if (oneCharacter) problems.push("密码不能全是同一个字符");

  // Over-long input is refused anyway; not searching it keeps hostile input from costing time.
  const searchable = length <= PASSWORD_MAX_LENGTH;
  if (searchable && isCommon(lower)) problems.push("密码过于常见（在常用密码表中，或只是常用密码加上数字、符号），容易被猜中");
  else if (searchable && isWalk(lower)) problems.push("密码是键盘上相邻的按键或连续的字母、数字（如 qwerty、1qaz2wsx、abc123），容易被猜中");
  else if (searchable && !oneCharacter && /^(.+)\1+$/su.test(lower)) problems.push("密码是同一片段的重复（如 Aa1!Aa1!），容易被猜中");
  else if (searchable && !oneCharacter && predictableCharacters(lower) * 2 >= lower.length) {
    problems.push("密码一半以上是重复的片段或连续的字母、数字、键盘按键（如 Abcd1234!x、Aa1!Aa1!x），容易被猜中");
  }

  const user = normalizePassword(username).trim().toLowerCase();
  if ([...user].length >= 3 && lower.includes(user)) problems.push("密码不能包含用户名");

  const name = normalizePassword(displayName ?? "").trim().toLowerCase();
  // Two characters suffice for a Chinese name ("张三"); a Latin one needs three ("Li" is too common).
  const nameLength = [...name].length;
  const nonLatin = [...name].some((char) => char.codePointAt(0)! > 0x7f);
  if ((nameLength >= 3 || (nameLength === 2 && nonLatin)) && lower.includes(name)) {
    problems.push("密码不能包含姓名");
  }
  return problems;
}

const DAY_MS = 86_400_000;

/** Whether a password last changed at `changedAt` must be changed now (never when maxAgeDays is 0). */
export function passwordExpired(changedAt: Date, now: Date, policy: PasswordPolicy): boolean {
  if (policy.maxAgeDays <= 0) return false;
  return now.getTime() >= changedAt.getTime() + policy.maxAgeDays * DAY_MS;
}

/** Whole days left (rounded up; 0 once expired), or null when passwords never expire. */
export function daysUntilExpiry(changedAt: Date, now: Date, policy: PasswordPolicy): number | null {
  if (policy.maxAgeDays <= 0) return null;
  const left = changedAt.getTime() + policy.maxAgeDays * DAY_MS - now.getTime();
  return Math.max(0, Math.ceil(left / DAY_MS));
}

/**
 * Whether `password` matches one of the `historyCount` most recent password hashes. `history` is
 * newest first and should start with the current password's hash, so "the last 5" includes it.
 * `verify` is lib/auth/password's verifyPassword (passed in so this file needs no argon2); a verify
 * that throws (a damaged hash) counts as no match.
 */
export async function reusesRecentPassword(
  password: string,
  history: readonly string[],
  verify: (hash: string, password: string) => Promise<boolean>,
  policy: PasswordPolicy,
): Promise<boolean> {
  for (const hash of history.slice(0, Math.max(0, policy.historyCount))) {
    if (await verify(hash, password).catch(() => false)) return true;
  }
  return false;
}
