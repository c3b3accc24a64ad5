const PADDING = { sm: "p-3", md: "p-4", lg: "p-4 sm:p-6" } as const;

/** A white card on the page's grey: the one box a section, a form or a figure sits in. */
export function Card({ as: Tag = "section", padding = "md", className, children, ...rest }: React.HTMLAttributes<HTMLElement> & { as?: "section" | "div" | "article"; padding?: keyof typeof PADDING }) {
  return (
    <Tag {...rest} className={["rounded-lg border border-slate-200 bg-white", PADDING[padding], className].filter(Boolean).join(" ")}>
      {children}
    </Tag>
  );
}
