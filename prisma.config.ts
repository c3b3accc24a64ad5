import { defineConfig } from "prisma/config";

// The CLI is used offline only for `prisma generate`; migrations are applied by our own runner
// (lib/db/migrate.ts). The URL is optional so generate works with no database configured.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
