import Link from "@/components/ui/link";
import { MainNav } from "@/components/main-nav";
import { SignOutButton } from "@/components/sign-out-button";
import { TodoBadge } from "@/components/todo-badge";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requireActor } from "@/app/session";
import { navItems } from "@/lib/auth/navigation";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Pages check for themselves (requireActor sends a pending person to /account); the frame only
  // needs to know who it is, and offers nothing but the account page while something is pending.
  const actor = await requireActor({ allowPending: true });
  const items = actor.pending ? [] : navItems(actor);
  return (
    <div className="min-h-screen">
      <a href="#main" className="skip-link no-print">跳到正文</a>
      <header className="no-print on-dark bg-brand-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-bold tracking-wide">
            绩效通
          </Link>
          <MainNav items={items} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <TodoBadge actor={actor} />
            <Link href="/account" className="hover:underline" title="账户安全：修改密码、双因素认证">
              {actor.displayName}
              {/* The role once: a name that already says it (系统管理员, …填报人) needs no badge. */}
              {!actor.displayName.endsWith(ROLE_LABELS[actor.role]) && <span className="ml-1 rounded bg-white/15 px-1.5 py-0.5 text-xs">{ROLE_LABELS[actor.role]}</span>}
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
