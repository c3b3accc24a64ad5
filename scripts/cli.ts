// npm run cli -- <command>
//   targets parse <file> [--layout auto|table12|per-project] [--json]
//       parse published targets (table 12 or per-project forms; .xlsx, .csv or text; layout detected)
//   targets review <file> [--year 2025] [--json]
//       parse, then run the automatic target review (绩效目标审核)
import { readFile } from "node:fs/promises";
import { parseTargetsFile, type ImportParse } from "@/lib/targets/import";
import { formatTarget } from "@/lib/targets/parse-target";
import { parseUnitProjectTotals } from "@/lib/targets/parse-unit-totals";
import { reviewTargets } from "@/lib/targets/review";

const USAGE = "用法：npm run cli -- targets parse|review <文件> [--layout auto|table12|per-project] [--year 2025] [--json]";
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

async function main(argv: string[]): Promise<number> {
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
