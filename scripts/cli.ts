// npm run cli -- <command>
//   targets parse <file>... [--layout auto|table12|per-project] [--mapping map.json] [--json]
//       parse published targets (table 12 or per-project forms; .xlsx, .csv or text split by tabs,
//       commas, |, spaces or lines, or an indented tree; layout detected); --mapping reads a file no
//       layout recognises with a column mapping (lib/targets/import/mapping.ts)
//   targets review <file> [--year 2025] [--mapping map.json] [--json]
//       parse, print the parse problems first, then run the automatic target review (绩效目标审核);
//       a file that cannot be read is not reviewed and exits 1
//   evaluation score <input.json> [--json]
//       score a year-end self-evaluation (绩效自评, 财预〔2020〕10号); input and rules: lib/evaluation/score.ts
//   audit verify [--from <id>] [--json]
//       recompute the audit trail's hash chain (lib/audit/chain.ts) on the database at DATABASE_URL,
//       or on the embedded database (while the app runs, alongside it)
//   demo generate [--departments 100] [--projects 2200] [--months 12] [--seed 1] [--year 2025] [--users-per-unit 2] [--first-code 401]
//       load a city-scale demo dataset (lib/demo/generate.ts) into the EMPTY database at DATABASE_URL
//       (or the embedded one)
//       (refused when a generated city is there already: npm run db:reset first; --first-code 501 adds
//       a further city, departments 501…, beside it, as a province holds several); the accounts and
//       their passwords (one per role, demo data only) go to <JIXIAO_DATA_DIR>/demo-accounts.json, mode 600
// Exit codes: 0 ok, 1 bad input or errors found (a broken audit chain, a database that already holds
// demo data), 2 usage or no database to work on.
import { readFile } from "node:fs/promises";
import type { ChainReport } from "@/lib/audit/chain";
import { displayScore, scoreEvaluation, type EvaluationInput, type EvaluationResult } from "@/lib/evaluation/score";
import { parseTargetsFile, type ImportParse } from "@/lib/targets/import";
import { unreadableReason } from "@/lib/targets/import/guard";
import { readMapping, type TargetsMapping } from "@/lib/targets/import/mapping";
import { SHAPE_LABELS } from "@/lib/targets/import/shared";
import { formatTarget } from "@/lib/targets/parse-target";
import { parseUnitProjectTotals } from "@/lib/targets/parse-unit-totals";
import { reviewTargets, ruleTitle } from "@/lib/targets/review";

const USAGE = [
  "用法：npm run cli -- targets parse <文件>... [--layout auto|table12|per-project] [--mapping 对应关系.json] [--json]",
  "      npm run cli -- targets review <文件> [--year 2025] [--mapping 对应关系.json] [--json]",
  "      npm run cli -- evaluation score <输入.json> [--json]",
  "      npm run cli -- audit verify [--from <记录编号>] [--json]",
  "      npm run cli -- demo generate [--departments 100] [--projects 2200] [--months 12] [--seed 1] [--year 2025] [--users-per-unit 2] [--first-code 401]",
].join("\n");
const LAYOUTS = ["auto", "table12", "per-project"] as const;

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

const FORMAT_NAMES: Readonly<Record<NonNullable<ImportParse["format"]>, string>> = {
  xlsx: SHAPE_LABELS.sheet, csv: SHAPE_LABELS.comma, text: SHAPE_LABELS.tab, pipe: SHAPE_LABELS.pipe, spaces: SHAPE_LABELS.spaces, lines: SHAPE_LABELS.lines, tree: SHAPE_LABELS.tree,
};
const LAYOUT_NAMES: Readonly<Record<NonNullable<ImportParse["layout"]>, string>> = { table12: "项目绩效目标公开表（表12）", "per-project": "逐项目的目标表" };
const SEVERITY_NAMES = { error: "错误", warning: "提示", info: "建议" } as const;

function printProblems(result: ImportParse) {
  for (const p of result.problems) console.log(`  ${SEVERITY_NAMES[p.severity]} ${p.location}：${p.message}`);
}

function summary(result: ImportParse): string {
  const indicators = result.projects.reduce((n, p) => n + p.indicators.length, 0);
  const how = [result.format ? FORMAT_NAMES[result.format] : "格式未知", result.layout ? LAYOUT_NAMES[result.layout] : "版式未识别", ...(result.mapping ? [`按${result.mapping.source === "given" ? "指定" : "记住"}的列对应关系`] : [])];
  return `${how.join("，")}：共 ${result.projects.length} 个项目，${indicators} 个指标，${result.problems.length} 个问题${result.year ? `；文件标明 ${result.year} 年度` : ""}。`;
}

function printParse(result: ImportParse) {
  for (const p of result.projects) {
    console.log(`${p.unitCode || p.unitName} ${p.name}  ${p.budgetWan} 万元  ${p.indicators.length} 个指标`);
    for (const i of p.indicators) console.log(`    [${i.category}] ${i.name}  ${formatTarget(i)}`);
  }
  console.log(`\n${summary(result)}`);
  printProblems(result);
}

const parseJson = (file: string, r: ImportParse) => ({ file, layout: r.layout, format: r.format, year: r.year, projects: r.projects, problems: r.problems });

async function readMappingFile(file: string): Promise<TargetsMapping | string> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `无法读取列对应关系文件 ${file}：${code}` : `列对应关系文件 ${file} 不是有效的 JSON：${(error as Error).message}`;
  }
  const read = readMapping(json);
  return "mapping" in read ? read.mapping : `列对应关系文件 ${file}：${read.error}`;
}

async function targets(argv: string[]): Promise<number> {
  const valued = ["layout", "year", "mapping"].map((name) => option(argv, name));
  const positional = argv.filter((a, i) => !a.startsWith("--") && !(i > 0 && /^--(?:layout|year|mapping)$/.test(argv[i - 1] ?? "")));
  const [group, command, ...files] = positional;
  const layout = (valued[0] ?? "auto") as (typeof LAYOUTS)[number];
  if (group !== "targets" || !["parse", "review"].includes(command ?? "") || files.length === 0 || (command === "review" && files.length > 1) || !LAYOUTS.includes(layout)) {
    console.error(USAGE);
    return 2;
  }
  let mapping: TargetsMapping | undefined;
  if (valued[2] !== undefined) {
    const read = await readMappingFile(valued[2]);
    if (typeof read === "string") {
      console.error(read);
      return 2;
    }
    mapping = read;
  }
  const json = argv.includes("--json");
  const results: { file: string; result: ImportParse; bytes: Uint8Array }[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (error) {
      console.error(`无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return 1;
    }
    results.push({ file, bytes, result: await parseTargetsFile(bytes, { layout, fileName: file, mapping }) });
  }
  const failed = results.some(({ result }) => result.problems.some((p) => p.severity === "error"));
  if (command === "parse") {
    if (json) console.log(JSON.stringify(results.length === 1 ? parseJson(results[0]!.file, results[0]!.result) : results.map((r) => parseJson(r.file, r.result)), null, 2));
    else {
      for (const { file, result } of results) {
        if (results.length > 1) console.log(`\n=== ${file}`);
        printParse(result);
      }
    }
    return failed ? 1 : 0;
  }
  return review(results[0]!, valued[1], json);
}

/**
 * Parse problems first: a review of what could be read is only worth as much as the parse, and a file
 * that could not be read at all is not reviewed — "0 处审核发现" would read as a clean bill of health.
 */
function review({ result, bytes }: { result: ImportParse; bytes: Uint8Array }, yearOption: string | undefined, json: boolean): number {
  const unreadable = unreadableReason(result);
  const year = Number(yearOption ?? result.year ?? new Date().getFullYear());
  const yearSource = yearOption ? "所填" : result.year ? "文件中标明" : "当前年份，文件未标明";
  const text = result.format === "xlsx" ? "" : new TextDecoder().decode(bytes);
  const totals = /部门支出总体情况表/.test(text) ? parseUnitProjectTotals(text).totals : undefined;
  const findings = unreadable ? [] : reviewTargets(result.projects, { fiscalYear: year, unitProjectTotalsWan: totals });
  const parseErrors = result.problems.filter((p) => p.severity === "error").length;
  if (json) {
    console.log(JSON.stringify({ readable: !unreadable, year, problems: result.problems, findings: findings.map((f) => ({ ...f, rule: ruleTitle(f.ruleId) })) }, null, 2));
    return unreadable || parseErrors > 0 ? 1 : 0;
  }
  console.log(summary(result));
  if (result.problems.length > 0) {
    console.log(`\n解析问题 ${result.problems.length} 处（先于审核列出）：`);
    printProblems(result);
  }
  if (unreadable) {
    console.log(`\n文件未能读取（原因见上方解析问题），没有进行目标审核。`);
    return 1;
  }
  console.log(`\n目标审核（${year} 年度，${yearSource}）：`);
  for (const f of findings) {
    const project = result.projects[f.projectIndex];
    const indicator = f.indicatorIndex !== undefined ? ` · ${project?.indicators[f.indicatorIndex]?.name}` : "";
    console.log(`  ${SEVERITY_NAMES[f.severity]}【${ruleTitle(f.ruleId)}】${project ? `${project.name}${indicator}` : "部门"}：${f.message}`);
  }
  const count = (s: keyof typeof SEVERITY_NAMES) => findings.filter((f) => f.severity === s).length;
  console.log(`\n共 ${findings.length} 处审核发现：错误 ${count("error")}、提示 ${count("warning")}、建议 ${count("info")}。`);
  if (parseErrors > 0) console.log(`另有 ${parseErrors} 处内容未能读取（见上方解析问题），审核不包括这些内容。`);
  return parseErrors > 0 ? 1 : 0;
}

// JSON numbers for the printed output: a 2-decimal string reads back to the same shortest double,
// so JSON.stringify prints exactly these digits; nothing is computed with them.
const printed = (decimal: string): number => Number(displayScore(decimal));

function evaluationJson(r: EvaluationResult) {
  return {
    executionRate: r.executionRate === null ? null : printed(r.executionRate),
    executionWeight: printed(r.executionWeight),
    executionScore: printed(r.executionScore),
    executionExplanation: r.executionExplanation,
    indicators: r.indicators.map((l) => ({
      ...(l.key === undefined ? {} : { key: l.key }),
      name: l.name, level1: l.level1, category: l.category, target: l.target, actual: l.actual,
      weight: printed(l.weight), score: printed(l.score), computedScore: printed(l.computedScore),
      overridden: l.overridden, met: l.met, band: l.band, bandPercent: l.bandPercent === null ? null : printed(l.bandPercent),
      needsDeviationAnalysis: l.needsDeviationAnalysis, flags: l.flags, notes: l.notes, explanation: l.explanation,
    })),
    applicableWeight: printed(r.applicableWeight),
    total: printed(r.total),
    grade: r.grade,
    explanation: r.explanation,
  };
}

function printEvaluation(r: EvaluationResult) {
  const rate = r.executionRate === null ? "不适用" : `${r.executionRate}%`;
  console.log(`预算执行率  分值 ${r.executionWeight}  执行率 ${rate}  得分 ${displayScore(r.executionScore)}`);
  console.log(`    ${r.executionExplanation}`);
  for (const g of r.groups.filter((g) => g.key !== "execution" && g.applicable)) {
    console.log(`${g.label}（分值 ${g.weight}，得分 ${displayScore(g.score)}）`);
    for (const l of r.indicators.filter((l) => l.level1 === g.key)) {
      const deviation = l.needsDeviationAnalysis ? "  需填写偏差原因分析及改进措施" : "";
      console.log(`  [${l.category}] ${l.name}  目标 ${l.target}  实际 ${l.actual ?? "未填写"}  分值 ${l.weight}  得分 ${displayScore(l.score)}${deviation}`);
      console.log(`      ${l.explanation}`);
      for (const note of l.notes) console.log(`      ！${note}`);
    }
  }
  console.log(`\n总分 ${r.total}  自评等级 ${r.grade}`);
  console.log(`    ${r.explanation}`);
}

async function evaluation(argv: string[]): Promise<number> {
  const [command, file, ...extra] = argv.filter((a) => a !== "--json");
  if (command !== "score" || !file || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code ? `无法读取文件 ${file}：${code}` : `文件 ${file} 不是有效的 JSON：${(error as Error).message}`);
    return 1;
  }
  // scoreEvaluation checks the shape itself and answers with errors, so parsed JSON may go in as is.
  const outcome = scoreEvaluation(input as EvaluationInput);
  if (!outcome.ok) {
    console.error(`输入有误，共 ${outcome.errors.length} 处：`);
    for (const e of outcome.errors) console.error(`  ${e.path}：${e.message}`);
    return 1;
  }
  if (argv.includes("--json")) console.log(JSON.stringify(evaluationJson(outcome.result), null, 2));
  else printEvaluation(outcome.result);
  return 0;
}

const count = new Intl.NumberFormat("zh-CN");

function auditJson(r: ChainReport) {
  // BigInt ids as strings: JSON has no integers beyond 2^53.
  return { ok: r.ok, checked: r.checked, firstBadId: r.firstBadId?.toString(), problem: r.problem, lastId: r.lastId?.toString(), lastHash: r.lastHash };
}

async function audit(argv: string[]): Promise<number> {
  const from = option(argv, "from");
  const [command, ...extra] = argv.filter((a) => a !== "--json" && a !== "--from" && !a.startsWith("--from=") && a !== from);
  if (command !== "verify" || extra.length > 0 || (from !== undefined && !/^[1-9]\d{0,18}$/.test(from))) {
    console.error(USAGE);
    return 2;
  }
  // Loaded here, not at the top: the other commands need neither the database nor the generated client.
  const { createPrismaClient } = await import("@/lib/db/client");
  const { verifyAuditChain } = await import("@/lib/audit/chain");
  let report: ChainReport;
  try {
    const outcome = await onDatabase((url) => {
      const db = createPrismaClient(url, 1);
      return verifyAuditChain(db, { from: from === undefined ? undefined : BigInt(from) }).finally(() => db.$disconnect());
    });
    if (outcome === null) return 2;
    report = outcome;
  } catch (error) {
    // Nothing was verified (no connection, no table): not the same answer as a broken chain.
    console.error(`无法读取审计日志：${(error as Error).message.trim().split("\n").pop()}`);
    return 2;
  }
  if (argv.includes("--json")) console.log(JSON.stringify(auditJson(report), null, 2));
  else if (report.ok) {
    console.log(`审计链完整：共校验 ${count.format(report.checked)} 条记录${from ? `（自第 ${from} 条起）` : ""}。`);
    // Deleting the newest records leaves a shorter, still valid chain; only an outside copy of the head shows it.
    if (report.lastId !== undefined) console.log(`最新一条为第 ${report.lastId} 条，哈希 ${report.lastHash}；可抄录留存，日后核对末尾记录未被删除。`);
  } else {
    console.error(`审计链校验未通过：${report.problem}`);
    console.error(`已校验 ${count.format(report.checked)} 条记录，在第 ${report.firstBadId} 条停止。`);
  }
  return report.ok ? 0 : 1;
}

const DEMO_OPTIONS = ["departments", "projects", "months", "seed", "year", "users-per-unit", "first-code"] as const;

/**
 * Runs `work` on DATABASE_URL, or else on the embedded database under JIXIAO_DATA_DIR (the running
 * one while the app runs; otherwise started for this command and stopped after it). null, with the
 * reason printed in Chinese, when there is no database to work on (then exit 2).
 */
async function onDatabase<T>(work: (url: string) => Promise<T>): Promise<T | null> {
  const { EnvError } = await import("@/lib/env");
  const { EmbeddedDatabaseError } = await import("@/lib/db/embedded");
  const { withDatabase } = await import("./database");
  const { migrate } = await import("@/lib/db/migrate");
  try {
    return await withDatabase(async (url, embedded) => {
      // The embedded database's schema is the product's to keep (npm start migrates it the same way).
      if (embedded) await migrate(url);
      return work(url);
    });
  } catch (error) {
    if (!(error instanceof EnvError || error instanceof EmbeddedDatabaseError)) throw error;
    console.error(error.message);
    return null;
  }
}

async function demo(argv: string[]): Promise<number> {
  const values: Partial<Record<(typeof DEMO_OPTIONS)[number], number>> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") ? arg.slice(2).split("=", 2) : [undefined, undefined];
    if (flag === undefined) {
      rest.push(arg);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (!DEMO_OPTIONS.includes(flag as (typeof DEMO_OPTIONS)[number]) || raw === undefined || !/^\d{1,10}$/.test(raw)) {
      console.error(raw !== undefined && DEMO_OPTIONS.includes(flag as (typeof DEMO_OPTIONS)[number]) ? `--${flag} 须为非负整数（收到 ${raw}）。\n${USAGE}` : USAGE);
      return 2;
    }
    values[flag as (typeof DEMO_OPTIONS)[number]] = Number(raw);
  }
  if (rest.length !== 1 || rest[0] !== "generate") {
    console.error(USAGE);
    return 2;
  }
  const { CityOptionsError, DemoDataExistsError, generateCity } = await import("@/lib/demo/generate");
  const { cityPlanOptions } = await import("@/lib/demo/plan");
  const input = { departments: values.departments ?? 100, projects: values.projects ?? 2200, months: values.months ?? 12, seed: values.seed, year: values.year, usersPerUnit: values["users-per-unit"], firstCode: values["first-code"] };
  try {
    cityPlanOptions(input);
  } catch (error) {
    if (!(error instanceof CityOptionsError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const { env } = await import("@/lib/env");
  const { createPrismaClient } = await import("@/lib/db/client");
  const { ROLE_LABELS } = await import("@/lib/auth/roles");
  const { STATUS_LABELS } = await import("@/lib/progress/status");
  let result;
  try {
    result = await onDatabase(async (url) => {
      const db = createPrismaClient(url, 2);
      try {
        return await generateCity(db, { ...input, onProgress: (message) => console.log(message) });
      } finally {
        await db.$disconnect();
      }
    });
  } catch (error) {
    if (error instanceof CityOptionsError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof DemoDataExistsError) console.error(error.message);
    else console.error(`生成演示数据失败，未写入任何内容：${(error as Error).message.trim().split("\n").pop()}`);
    return 1;
  }
  if (result === null) return 2;
  const path = await import("node:path");
  const { mkdir, rename, writeFile } = await import("node:fs/promises");
  const dir = path.resolve(env().JIXIAO_DATA_DIR);
  const file = path.join(dir, "demo-accounts.json");
  await mkdir(dir, { recursive: true });
  // A fresh file created with mode 600 and renamed over the old one: the passwords are never readable by others, not even briefly.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ generatedAt: new Date().toISOString(), year: result.year, seed: input.seed ?? 1, accounts: result.accounts }, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  await rename(temporary, file);
  const roles = [...new Set(result.accounts.map((a) => a.role))];
  console.log(
    [
      "",
      `演示城市已生成，用时 ${(result.ms / 1000).toFixed(1)} 秒：`,
      `  部门 ${count.format(result.departments)} 个（代码 ${result.departmentCodes.first}–${result.departmentCodes.last}），单位 ${count.format(result.units)} 个，账户 ${count.format(result.users)} 个`,
      `  项目 ${count.format(result.projects)} 个，绩效指标 ${count.format(result.indicators)} 个`,
      `  月度填报 ${count.format(result.reports)} 份，进展填报 ${count.format(result.checkIns)} 条`,
      `  支出 ${count.format(result.expenditures)} 笔，预算调整 ${count.format(result.adjustments)} 笔`,
      `  最后一个月的进展：${Object.entries(result.statuses).filter(([, n]) => n > 0).map(([s, n]) => `${STATUS_LABELS[s as keyof typeof STATUS_LABELS]} ${count.format(n)}`).join("，")}`,
      "",
      `账户和密码已写入 ${path.relative(process.cwd(), file).startsWith("..") ? file : path.relative(process.cwd(), file)}（权限 600，仅本人可读），请勿外传。`,
      `  同一角色的账户共用一个随机密码（仅限演示数据）：${roles.map((r) => ROLE_LABELS[r]).join("、")}；`,
      "  系统管理员、安全管理员、审计管理员已绑定动态验证码，密钥（totpSecret）也在该文件中。",
      `  例如：${(["LEADER", "REPORTER", "ADMIN"] as const).map((role) => result.accounts.find((a) => a.role === role)?.username).filter(Boolean).join("、")}。`,
    ].join("\n"),
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "evaluation") return evaluation(argv.slice(1));
  if (argv[0] === "demo") return demo(argv.slice(1));
  if (argv[0] === "audit") return audit(argv.slice(1));
  return targets(argv);
}

main(process.argv.slice(2)).then((code) => process.exit(code));
