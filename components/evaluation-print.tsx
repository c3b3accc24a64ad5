import type { PrintedForm } from "@/lib/evaluation/printed-form";

const cell = "border border-slate-800 px-1.5 py-1 align-middle";
const head = `${cell} bg-slate-100 font-semibold text-center`;

/**
 * The 项目支出绩效自评表 as a printable page (A4 portrait, ready to save as PDF from the browser):
 * the same rows and columns as the .xlsx export, from the same PrintedForm.
 */
export function EvaluationPrint({ form, publicVersion }: { form: PrintedForm; publicVersion: boolean }) {
  const groups = form.lines.map((line, n) => ({ line, firstOfLevel1: n === 0 || form.lines[n - 1]!.level1 !== line.level1, firstOfCategory: n === 0 || form.lines[n - 1]!.category !== line.category || form.lines[n - 1]!.level1 !== line.level1 }));
  const span = (from: number, same: (a: PrintedForm["lines"][number]) => string) => {
    let n = from + 1;
    while (n < form.lines.length && same(form.lines[n]!) === same(form.lines[from]!) && form.lines[n]!.level1 === form.lines[from]!.level1) n++;
    return n - from;
  };
  return (
    <article className="mx-auto max-w-[190mm] bg-white text-[12px] leading-snug text-black" aria-label="项目支出绩效自评表">
      <h1 className="text-center text-xl font-bold">项目支出绩效自评表</h1>
      <p className="mb-2 text-center">（{form.year}年度）</p>
      <table className="w-full border-collapse">
        <colgroup><col className="w-[9%]" /><col className="w-[10%]" /><col className="w-[11%]" /><col className="w-[18%]" /><col className="w-[11%]" /><col className="w-[11%]" /><col className="w-[7%]" /><col className="w-[7%]" /><col /></colgroup>
        <tbody>
          <tr><th scope="row" className={head}>项目名称</th><td colSpan={8} className={cell}>{form.projectName}</td></tr>
          <tr><th scope="row" className={head}>主管部门</th><td colSpan={3} className={cell}>{form.department}</td><th scope="row" className={head}>实施单位</th><td colSpan={4} className={cell}>{form.unit}</td></tr>
          <tr>
            <th scope="rowgroup" rowSpan={3} className={head}>项目资金（万元）</th><td colSpan={2} className={cell} />
            <th scope="col" className={head}>年初预算数</th><th scope="col" className={head}>全年预算数</th><th scope="col" className={head}>全年执行数</th><th scope="col" className={head}>分值</th><th scope="col" className={head}>执行率</th><th scope="col" className={head}>得分</th>
          </tr>
          <tr>
            <th scope="row" colSpan={2} className={cell}>年度资金总额</th>
            <td className={`${cell} text-right tabular`}>{form.funds.initialBudgetWan}</td><td className={`${cell} text-right tabular`}>{form.funds.annualBudgetWan}</td><td className={`${cell} text-right tabular`}>{form.funds.spentWan}</td>
            <td className={`${cell} text-right tabular`}>{form.funds.weight}</td><td className={`${cell} text-right tabular`}>{form.funds.executionRate === null ? "—" : `${form.funds.executionRate}%`}</td><td className={`${cell} text-right tabular`} data-print="execution-score">{form.funds.score}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={2} className={cell}>其中：当年财政拨款</th>
            <td className={`${cell} text-right tabular`}>{form.funds.initialBudgetWan}</td><td className={`${cell} text-right tabular`}>{form.funds.annualBudgetWan}</td><td className={`${cell} text-right tabular`}>{form.funds.spentWan}</td>
            <td className={`${cell} text-center`}>—</td><td className={`${cell} text-center`}>—</td><td className={`${cell} text-center`}>—</td>
          </tr>
          <tr><th scope="rowgroup" rowSpan={2} className={head}>年度总体目标</th><th scope="col" colSpan={4} className={head}>预期目标</th><th scope="col" colSpan={4} className={head}>实际完成情况</th></tr>
          <tr><td colSpan={4} className={`${cell} whitespace-pre-wrap`}>{form.goal.expected}</td><td colSpan={4} className={`${cell} whitespace-pre-wrap`}>{form.goal.actual}</td></tr>
          <tr>
            <th scope="rowgroup" rowSpan={form.lines.length + 1} className={head}>绩效指标</th>
            {["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"].map((h) => <th key={h} scope="col" className={head}>{h}</th>)}
          </tr>
          {groups.map(({ line, firstOfLevel1, firstOfCategory }, n) => (
            <tr key={n} className="break-inside-avoid">
              {firstOfLevel1 && <td rowSpan={span(n, (l) => l.level1)} className={`${cell} text-center`}>{line.level1}</td>}
              {firstOfCategory && <td rowSpan={span(n, (l) => l.category)} className={`${cell} text-center`}>{line.category}</td>}
              <td className={cell}>{line.name}</td>
              <td className={`${cell} text-center`}>{line.target}</td>
              <td className={`${cell} text-center`}>{line.actual}</td>
              <td className={`${cell} text-right tabular`}>{line.weight}</td>
              <td className={`${cell} text-right tabular`} data-print="line-score">{line.score}</td>
              <td className={`${cell} whitespace-pre-wrap`}>{line.deviation}</td>
            </tr>
          ))}
          <tr><th scope="row" colSpan={6} className={head}>总分</th><td className={`${cell} text-right font-semibold tabular`}>{form.totalWeight}</td><td className={`${cell} text-right font-semibold tabular`} data-print="total">{form.total}</td><td className={cell} /></tr>
          <tr><th scope="row" colSpan={6} className={head}>自评等级</th><td colSpan={3} className={`${cell} text-center font-semibold`} data-print="grade">{form.grade}</td></tr>
        </tbody>
      </table>
      {!publicVersion && (
        <section className="mt-4 text-[11px]" aria-label="内部说明">
          <h2 className="font-semibold">内部说明（仅供内部使用，不得对外报送）· 状态：{form.status}</h2>
          {form.weightReason && <p>分值调整理由：{form.weightReason}</p>}
          <ol className="list-decimal pl-5">{form.lines.map((l, n) => <li key={n}>{l.name}：{l.internalNote}</li>)}</ol>
        </section>
      )}
    </article>
  );
}
