import { describe, expect, it } from "vitest";
import { routeMatcher } from "@/lib/ops/routes";

// /metrics labels requests by route pattern, never by raw path (an id per series would grow without bound).
describe("route labels for /metrics", () => {
  const label = routeMatcher({
    staticRoutes: [{ page: "/", regex: "^/(?:/)?$" }, { page: "/projects", regex: "^/projects(?:/)?$" }, { page: "/api/health", regex: "^/api/health(?:/)?$" }],
    dynamicRoutes: [
      { page: "/projects/[id]", regex: "^/projects/([^/]+?)(?:/)?$" },
      { page: "/projects/[id]/budget", regex: "^/projects/([^/]+?)/budget(?:/)?$" },
      { page: "/api/auth/[...nextauth]", regex: "^/api/auth/(.+?)(?:/)?$" },
    ],
  });

  it("gives the page pattern for static and dynamic routes", () => {
    expect(label("/")).toBe("/");
    expect(label("/projects")).toBe("/projects");
    expect(label("/projects/")).toBe("/projects");
    expect(label("/projects/0f9c2b1e-1111-4222-8333-944455556666")).toBe("/projects/[id]");
    expect(label("/projects/0f9c2b1e-1111-4222-8333-944455556666/budget")).toBe("/projects/[id]/budget");
    expect(label("/api/auth/callback/credentials")).toBe("/api/auth/[...nextauth]");
    expect(label("/api/health")).toBe("/api/health");
  });

  it("folds Next's files into a few labels and anything unknown into one", () => {
    expect(label("/_next/static/chunks/abc123.js")).toBe("/_next/static");
    expect(label("/_next/image")).toBe("/_next/image");
    expect(label("/wp-login.php")).toBe("other");
    expect(label("/projects/x/y/z")).toBe("other");
  });
});
