// npm run cli -- <command>
//   targets parse <file> [--json]   parse a published table 12 (项目绩效目标公开表)
import { readFile } from "node:fs/promises";
import { parseTable12 } from "@/lib/targets/parse-table12";
import { formatTarget } from "@/lib/targets/parse-target";

const USAGE = "用法：npm run cli -- targets parse <文件> [--json]";

async function main(argv: string[]): Promise<number> {
  const [group, command, file] = argv.filter((a) => !a.startsWith("--"));
  if (group !== "targets" || command !== "parse" || !file) {
    console.error(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.error(`无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 1;
  }
  const result = parseTable12(text);
  if (argv.includes("--json")) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const p of result.projects) {
      console.log(`${p.unitCode} ${p.name}  ${p.budgetWan} 万元  ${p.indicators.length} 个指标`);
      for (const i of p.indicators) console.log(`    [${i.category}] ${i.name}  ${formatTarget(i)}`);
    }
    const indicators = result.projects.reduce((n, p) => n + p.indicators.length, 0);
    console.log(`\n共 ${result.projects.length} 个项目，${indicators} 个指标，${result.problems.length} 个问题。`);
    for (const p of result.problems) console.log(`  ${p.severity === "error" ? "错误" : "提示"} ${p.location}：${p.message}`);
  }
  return result.problems.some((p) => p.severity === "error") ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
