import type { TestProject } from "vitest/node";
import { startTestDatabaseServer } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestDatabaseServer();
  project.provide("databaseUrl", server.url);
  return () => server.stop();
}
