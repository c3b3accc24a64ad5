import { readFileSync } from "node:fs";
import path from "node:path";

// The route a request went to, as a metric label: the page or handler pattern from the build's own
// routes manifest ("/projects/[id]/budget"), never the raw path — ids in paths would make a new time
// series per record and grow the monitoring's storage without bound.

interface ManifestRoute {
  page: string;
  regex: string;
}

export interface RoutesManifest {
  staticRoutes?: ManifestRoute[];
  dynamicRoutes?: ManifestRoute[];
}

export type RouteMatcher = (pathname: string) => string;

/** Labels for what is not a page or handler of ours: Next's static files and anything unknown. */
export const STATIC_ROUTE = "/_next/static";
export const OTHER_ROUTE = "other";

export function routeMatcher(manifest: RoutesManifest): RouteMatcher {
  const exact = new Map((manifest.staticRoutes ?? []).map((r) => [r.page, r.page]));
  const dynamic = (manifest.dynamicRoutes ?? []).map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  return (pathname) => {
    if (pathname.startsWith("/_next/static/")) return STATIC_ROUTE;
    if (pathname.startsWith("/_next/")) return pathname.split("/").slice(0, 3).join("/");
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
    const found = exact.get(trimmed);
    if (found) return found;
    for (const route of dynamic) if (route.regex.test(trimmed)) return route.page;
    return OTHER_ROUTE;
  };
}

let loaded: RouteMatcher | undefined;

/** The matcher of the build this process serves (.next/routes-manifest.json); every path is OTHER_ROUTE without one. */
export function routeLabel(pathname: string): string {
  if (!loaded) {
    try {
      const file = path.join(/*turbopackIgnore: true*/ process.cwd(), ".next", "routes-manifest.json");
      loaded = routeMatcher(JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as RoutesManifest);
    } catch {
      loaded = routeMatcher({});
    }
  }
  return loaded(pathname);
}
