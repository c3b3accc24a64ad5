/**
 * The pieces every data table shares, so a table looks and reads the same everywhere: a white box that
 * scrolls sideways inside itself when the table is wider than the page, a grey header row, and header
 * cells with the column's scope. A table that must not scroll on a phone adds `stack-table` to its
 * <table> and a data-label to each cell (app/globals.css).
 */

const join = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(" ");

/** The box a table sits in. */
export function TableBox({ className, children, ...rest }: React.HTMLAttributes<HTMLDivElement>) {
  return (
    <div {...rest} className={join("overflow-x-auto rounded-lg border border-slate-200 bg-white", className)}>
      {children}
    </div>
  );
}

/** The header row group: grey, left-aligned; `wrap` lets long column names wrap (narrow columns of figures). */
export function TableHead({ wrap = false, className, children }: { wrap?: boolean; className?: string; children: React.ReactNode }) {
  return <thead className={join("bg-slate-50 text-left text-slate-700", !wrap && "whitespace-nowrap", className)}>{children}</thead>;
}

/** A column's header cell; `numeric` right-aligns it over a column of figures. */
export function Th({ numeric = false, className, children, ...rest }: React.ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return (
    <th scope="col" {...rest} className={join("px-3 py-2 font-medium", numeric && "text-right", className)}>
      {children}
    </th>
  );
}
