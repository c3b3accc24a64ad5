"use client";

import Link from "@/components/ui/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "@/lib/auth/navigation";

/** The section a path belongs to: the longest navigation entry it starts with. */
export function currentItem(items: NavItem[], pathname: string): NavItem | undefined {
  return items.filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
}

/** The main navigation; the entry of the section being shown says so (aria-current) and looks it. */
export function MainNav({ items }: { items: NavItem[] }) {
  const current = currentItem(items, usePathname());
  return (
    <nav aria-label="主导航" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={item === current ? "page" : undefined} className="underline-offset-4 hover:underline aria-[current=page]:font-semibold aria-[current=page]:underline">
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
