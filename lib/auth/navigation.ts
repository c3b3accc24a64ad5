import type { Role } from "@/lib/db/generated/enums";

export interface NavItem {
  href: string;
  label: string;
}

/** What each role can open; project data is for unit roles, leaders and admins only (三权分立). */
export function navItems(role: Role): NavItem[] {
  switch (role) {
    case "REPORTER":
      return [
        { href: "/projects", label: "项目" },
        { href: "/progress", label: "我的填报" },
        { href: "/dashboard", label: "总览" },
        { href: "/budget", label: "预算执行" },
        { href: "/monitoring", label: "监控表" },
        { href: "/evaluations", label: "绩效自评" },
        { href: "/targets/review", label: "目标审核" },
      ];
    case "REVIEWER":
      return [
        { href: "/projects", label: "项目" },
        { href: "/progress", label: "填报审核" },
        { href: "/dashboard", label: "总览" },
        { href: "/budget", label: "预算执行" },
        { href: "/monitoring", label: "监控表" },
        { href: "/evaluations", label: "绩效自评" },
        { href: "/targets/review", label: "目标审核" },
      ];
    case "LEADER":
      return [
        { href: "/dashboard", label: "总览" },
        { href: "/projects", label: "项目" },
        { href: "/budget", label: "预算执行" },
        { href: "/monitoring", label: "监控表" },
        { href: "/evaluations", label: "绩效自评" },
        { href: "/targets/review", label: "目标审核" },
      ];
    case "ADMIN":
      return [
        { href: "/dashboard", label: "总览" },
        { href: "/projects", label: "项目" },
        { href: "/budget", label: "预算执行" },
        { href: "/monitoring", label: "监控表" },
        { href: "/evaluations", label: "绩效自评" },
        { href: "/targets/review", label: "目标审核" },
        { href: "/admin/import", label: "导入目标" },
        { href: "/admin/years", label: "预算年度" },
        { href: "/admin/reports", label: "月度填报" },
        { href: "/admin/users", label: "账户管理" },
        { href: "/admin/notifications", label: "期限与通知" },
      ];
    case "SECURITY_OFFICER":
      return [
        { href: "/security/users", label: "账户与角色" },
        { href: "/security/policy", label: "登录与密码策略" },
      ];
    case "AUDITOR":
      return [{ href: "/audit", label: "审计日志" }];
  }
}

/** Where a role lands after signing in. */
export function homePath(role: Role): string {
  return navItems(role)[0]!.href;
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
