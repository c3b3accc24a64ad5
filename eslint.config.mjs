import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  // Links go through components/ui/link.tsx (no prefetching: every page is dynamic, a prefetch is a wasted request).
  { files: ["**/*.{ts,tsx}"], ignores: ["components/ui/link.tsx"], rules: { "no-restricted-imports": ["error", { paths: [{ name: "next/link", message: "请从 @/components/ui/link 导入 Link（不预取：每个页面都按请求渲染，预取只是多一次请求）。" }] }] } },
  { ignores: [".next/**", "lib/db/generated/**", ".data/**", "node_modules/**", "next-env.d.ts", "test-results/**"] },
];

export default config;
