import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "绩效通", template: "%s · 绩效通" },
  description: "部门预算项目绩效目标、运行监控与绩效自评",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: Next puts proxy.ts's per-request CSP nonce on its scripts
  // only then (a prerendered page's scripts would carry none and be blocked).
  await connection();
  return (
    <html lang="zh-CN">
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
