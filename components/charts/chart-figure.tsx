import { LineChart, type LineSeries } from "./line-chart";

/**
 * A chart with its numbers as a table (every chart has a table a screen reader can read):
 * the table is what assistive technology and print read; the chart is drawn over it for the eye.
 * `rows` are the exact figures as text; the chart gets the same figures as numbers for plotting.
 */
export function ChartFigure({ title, categories, series, rows, columns, suffix, caption }: {
  title: string;
  categories: string[];
  series: LineSeries[];
  columns: string[];
  rows: string[][];
  suffix?: string;
  caption?: string;
}) {
  return (
    <figure className="break-inside-avoid">
      <figcaption className="text-sm font-medium text-slate-700">{title}</figcaption>
      <LineChart categories={categories} series={series} suffix={suffix} />
      {caption && <p className="text-xs text-slate-500">{caption}</p>}
      {/* sr-only on a div: a table ignores width: 1px and would widen the page on a phone. */}
      <div className="sr-only">
      <table>
        <caption>{title}（数据表）</caption>
        <thead>
          <tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>{r.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}</tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
