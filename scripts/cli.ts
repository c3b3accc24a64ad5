// npm run cli -- <command>
//   targets parse <file> [--layout auto|table12|per-project] [--json]
//       parse published targets (table 12 or per-project forms; .xlsx, .csv or text; layout detected)
//   targets review <file> [--year 2025] [--json]
//       parse, then run the automatic target review (绩效目标审核)
//   evaluation score <input.json> [--json]
//       score a year-end self-evaluation (绩效自评, 财预〔2020〕10号); input and rules: lib/evaluation/score.ts
//   audit verify [--from <id>] [--json]
//       recompute the audit trail's hash chain (lib/audit/chain.ts) on the database at DATABASE_URL
// Exit codes: 0 ok, 1 bad input or errors found (a broken audit chain), 2 usage or no database to check.
import { readFile } from "node:fs/promises";
import type { ChainReport } from "@/lib/audit/chain";
import { displayScore, scoreEvaluation, type EvaluationInput, type EvaluationResult } from "@/lib/evaluation/score";
import { parseTargetsFile, type ImportParse } from "@/lib/targets/import";
import { formatTarget } from "@/lib/targets/parse-target";
import { parseUnitProjectTotals } from "@/lib/targets/parse-unit-totals";
import { reviewTargets } from "@/lib/targets/review";

const USAGE = [
  "用法：npm run cli -- targets parse|review <文件> [--layout auto|table12|per-project] [--year 2025] [--json]",
  "      npm run cli -- evaluation score <输入.json> [--json]",
  "      npm run cli -- audit verify [--from <记录编号>] [--json]",
].join("\n");
const LAYOUTS = ["auto", "table12", "per-project"] as const;

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

function printParse(result: ImportParse) {
  for (const p of result.projects) {
    console.log(`${p.unitCode || p.unitName} ${p.name}  ${p.budgetWan} 万元  ${p.indicators.length} 个指标`);
    for (const i of p.indicators) console.log(`    [${i.category}] ${i.name}  ${formatTarget(i)}`);
  }
  const indicators = result.projects.reduce((n, p) => n + p.indicators.length, 0);
  console.log(`\n格式 ${result.format ?? "未知"}，版式 ${result.layout ?? "未识别"}：共 ${result.projects.length} 个项目，${indicators} 个指标，${result.problems.length} 个问题。`);
  for (const p of result.problems) console.log(`  ${p.severity === "error" ? "错误" : "提示"} ${p.location}：${p.message}`);
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
  const { env } = await import("@/lib/env");
  let config;
  try {
    config = env();
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (!config.DATABASE_URL) {
    console.error(
      [
        "未设置 DATABASE_URL，不知道要校验哪个数据库。请设置连接串后再运行，例如：",
        "  DATABASE_URL=postgresql://用户@主机:端口/数据库 npm run cli -- audit verify",
        `使用内置数据库时，先在另一个终端运行 npm start 启动它，再设置 DATABASE_URL=postgresql://postgres@127.0.0.1:${config.EMBEDDED_DB_PORT}/postgres?sslmode=disable。`,
      ].join("\n"),
    );
    return 2;
  }
  const { createPrismaClient } = await import("@/lib/db/client");
  const { verifyAuditChain } = await import("@/lib/audit/chain");
  const db = createPrismaClient(config.DATABASE_URL, 1);
  let report: ChainReport;
  try {
    report = await verifyAuditChain(db, { from: from === undefined ? undefined : BigInt(from) });
  } catch (error) {
    // Nothing was verified (no connection, no table): not the same answer as a broken chain.
    console.error(`无法读取审计日志：${(error as Error).message.trim().split("\n").pop()}`);
    return 2;
  } finally {
    await db.$disconnect();
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

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "evaluation") return evaluation(argv.slice(1));
  if (argv[0] === "audit") return audit(argv.slice(1));
  const values = new Set([option(argv, "layout"), option(argv, "year")]);
  const [group, command, file] = argv.filter((a) => !a.startsWith("--") && !values.has(a));
  const layout = (option(argv, "layout") ?? "auto") as (typeof LAYOUTS)[number];
  if (group !== "targets" || !["parse", "review"].includes(command ?? "") || !file || !LAYOUTS.includes(layout)) {
    console.error(USAGE);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    console.error(`无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 1;
  }
  const result = await parseTargetsFile(bytes, { layout, fileName: file });
  const failed = result.problems.some((p) => p.severity === "error");
  if (command === "parse") {
    if (argv.includes("--json")) {
      console.log(JSON.stringify({ projects: result.projects, problems: result.problems }, null, 2));
    } else printParse(result);
    return failed ? 1 : 0;
  }
  const year = Number(option(argv, "year") ?? new Date().getFullYear());
  const text = result.format === "xlsx" ? "" : new TextDecoder().decode(bytes);
  const totals = /部门支出总体情况表/.test(text) ? parseUnitProjectTotals(text).totals : undefined;
  const findings = reviewTargets(result.projects, { fiscalYear: year, unitProjectTotalsWan: totals });
  if (argv.includes("--json")) {
    console.log(JSON.stringify({ problems: result.problems, findings }, null, 2));
  } else {
    for (const f of findings) {
      const project = result.projects[f.projectIndex];
      const indicator = f.indicatorIndex !== undefined ? ` · ${project?.indicators[f.indicatorIndex]?.name}` : "";
      console.log(`${f.severity.padEnd(7)} ${f.ruleId.padEnd(26)} ${project?.name}${indicator}：${f.message}`);
    }
    console.log(`\n${year} 年度：${findings.length} 处审核发现。`);
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
