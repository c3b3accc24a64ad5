import { describe, expect, it } from "vitest";
import { missingPerProjectColumns, missingTable12Columns } from "@/lib/targets/import/columns";
import { textToGrid } from "@/lib/targets/import/grid";
import { deletionConfirmation, unconfirmedDeletions, unreadableReason } from "@/lib/targets/import/guard";
import { sameText, textKey } from "@/lib/targets/import/normalise";
import { fileYear, yearsNamed } from "@/lib/targets/import/year";
import type { Problem } from "@/lib/targets/types";
import { SEED } from "@/tests/fixtures/targets-import";

describe("import safety pieces", () => {
  it("compares texts without their whitespace: wrapping, \\r\\n, full-width and trailing spaces are not changes", () => {
    expect(sameText("做好龙城市民云APP日常运维、\n安全和服务工作", "做好龙城市民云APP日常运维、安全和服务工作")).toBe(true);
    expect(sameText("保障\r\n正常运行\u3000 ", "保障正常运行")).toBe(true);
    expect(sameText("保障正常运行。", "保障正常运行")).toBe(false); // punctuation is content
    expect(sameText("（≥50箱）", "(≥50箱)")).toBe(false); // so is the width of a bracket
    expect(textKey(" a b\tc\u00a0d ")).toBe("abcd");
  });

  it("names every column table 12 must have, and the per-project indicator columns", () => {
    const all = new Set(["数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续效益", "满意度"] as const);
    expect(missingTable12Columns(new Set(["seq", "unitCode", "unitName", "name", "budget", "goal"]), all)).toEqual([]);
    const noQuality = new Set([...all].filter((c) => c !== "质量"));
    expect(missingTable12Columns(new Set(["seq", "name", "budget"]), noQuality)).toEqual(["单位代码（或单位名称）", "年度绩效目标", "质量指标"]);
    expect(missingPerProjectColumns({ l2: 1, l3: 2 })).toEqual(["指标值"]);
    expect(missingPerProjectColumns({ l3: 2, value: 3 })).toEqual(["二级指标"]);
  });

  it("reads the year from titles only, never from a target or a sentence about last year", () => {
    expect([...new Set(yearsNamed([textToGrid(SEED, "\t")]).map((n) => n.year))]).toEqual([2025]); // 2025年部门预算… (and 2024年预算1.41万元 is a sentence)
    const grid = textToGrid(["2024年预算1.41万元，同比增加0.06万元", "时效指标：2025年12月底前完成(是)", "项目支出绩效目标表（2026年度）"].join("\n"), "\t");
    expect(yearsNamed([grid]).map((n) => [n.year, n.at])).toEqual([[2026, "第3行"]]);
    const problems: Problem[] = [];
    expect(fileYear([textToGrid("2025年项目绩效目标公开表\n\n2026年项目绩效目标公开表", "\t")], problems)).toBeNull();
    expect(problems).toEqual([{ severity: "error", fatal: true, location: "全文", message: "文件中有不同年度的表：第1行“2025年项目绩效目标公开表”（2025 年度）、第3行“2026年项目绩效目标公开表”（2026 年度）。一次只能导入一个年度，请分开导入。" }]);
  });

  it("proposes nothing from what it could not read, and wants deletions confirmed in the plan's words", () => {
    expect(unreadableReason({ projects: [], problems: [{ severity: "error", fatal: true, location: "全文", message: "文件为空" }] })).toBe("无法读取该文件，未生成导入计划。文件为空");
    expect(unreadableReason({ projects: [], problems: [{ severity: "error", location: "第5行 第5列", message: "预算资金总额“待定”不是有效数字" }] })).toBe("没有从文件中读出任何项目，未生成导入计划。第5行 第5列：预算资金总额“待定”不是有效数字");
    expect(deletionConfirmation(0, 0)).toBeNull();
    expect(deletionConfirmation(0, 21)).toBe("确认删除 21 个指标");
    expect(deletionConfirmation(2, 13)).toBe("确认删除 2 个项目、13 个指标");
    expect(unconfirmedDeletions("确认删除 21 个指标", "确认删除 21 个指标")).toBeNull();
    expect(unconfirmedDeletions(null, undefined)).toBeNull();
    expect(unconfirmedDeletions("确认删除 21 个指标", "确认删除 20 个指标")).toBe("该导入将删除 21 个指标，须在预览中核对名单并勾选“确认删除 21 个指标”后再导入；本次未写入任何内容。");
  });
});
