import Link from "next/link";
import { SignOutButton } from "@/components/sign-out-button";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requireActor } from "@/lib/auth/session";
import { navItems } from "@/lib/auth/navigation";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  return (
    <div className="min-h-screen">
      <header className="no-print bg-brand-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-bold tracking-wide">
            绩效通
          </Link>
          <nav aria-label="主导航" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {navItems(actor.role).map((item) => (
              <Link key={item.href} href={item.href} className="hover:underline">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span>
              {actor.displayName}
              <span className="ml-1 rounded bg-white/15 px-1.5 py-0.5 text-xs">{ROLE_LABELS[actor.role]}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
