import { can, readScope, type Page, type Who } from "./policy";

export interface NavItem {
  href: string;
  label: string;
}

/** Every menu entry, in menu order; each person sees those the policy lets them open ("open:<href>"). */
const MENU: { href: Page; label: (actor: Who) => string }[] = [
  { href: "/projects", label: () => "项目" },
  { href: "/progress", label: (actor) => (can(actor, "report.review") ? "填报审核" : "我的填报") },
  { href: "/dashboard", label: () => "总览" },
  { href: "/budget", label: () => "预算执行" },
  { href: "/monitoring", label: () => "监控表" },
  { href: "/evaluations", label: () => "绩效自评" },
  { href: "/targets/review", label: () => "目标审核" },
  { href: "/admin/import", label: () => "导入目标" },
  { href: "/admin/years", label: () => "预算年度" },
  { href: "/admin/reports", label: () => "月度填报" },
  { href: "/admin/users", label: () => "账户管理" },
  { href: "/admin/notifications", label: () => "期限与通知" },
  { href: "/security/users", label: () => "账户与角色" },
  { href: "/security/policy", label: () => "登录与密码策略" },
  { href: "/audit", label: () => "审计日志" },
];

/**
 * What this person can open, in menu order. A unit's people start from their projects and their month;
 * whoever reads beyond one unit (局领导, 系统管理员) starts from the overview.
 */
export function navItems(actor: Who): NavItem[] {
  const items = MENU.filter((m) => can(actor, `open:${m.href}`)).map((m) => ({ href: m.href, label: m.label(actor) }));
  const overview = items.findIndex((i) => i.href === "/dashboard");
  if (readScope(actor) === "unit" || overview <= 0) return items;
  return [items[overview]!, ...items.slice(0, overview), ...items.slice(overview + 1)];
}

/** Where a person lands after signing in. */
export function homePath(actor: Who): string {
  return navItems(actor)[0]!.href;
}

/**
 * Where to go after signing in. `value` (the login page's callbackUrl) is resolved against the app's
 * origin exactly as a browser would resolve it — backslashes, tabs and newlines, "//host", an
 * absolute URL — and kept only when it stays on that origin; anything else goes home. The answer is
 * a path with one leading slash ("/.//evil.example" resolves to the path "//evil.example", which a
 * browser would read as another host).
 */
export function safeCallbackUrl(value: string | undefined, origin: string): string {
  if (!value) return "/";
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin) return "/";
  return `${url.pathname.replace(/^\/+/, "/")}${url.search}${url.hash}`;
}
