import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseTargetsFile } from "@/lib/targets/import";
import { readMapping, type TargetsMapping } from "@/lib/targets/import/mapping";
import { FIXTURES } from "@/tests/fixtures/targets/expected";

// The corpus: layouts departments publish, rebuilt with our own content in tests/fixtures/targets/,
// each with its expected parse written by hand (expected.ts).
const DIR = new URL("../fixtures/targets/", import.meta.url);
const bytesOf = (file: string) => new Uint8Array(readFileSync(new URL(file, DIR)));
const mappingOf = (file: string): TargetsMapping => {
  const read = readMapping(JSON.parse(readFileSync(new URL(file, DIR), "utf8")));
  if (!("mapping" in read)) throw new Error(read.error);
  return read.mapping;
};

describe("the corpus of published layouts", () => {
  it("holds at least 12 layouts, and every table in the folder has its expected parse", () => {
    const tables = readdirSync(DIR).filter((f) => /\.(?:txt|csv|tsv|xlsx)$/.test(f));
    expect(new Set(FIXTURES.map((f) => f.file))).toEqual(new Set(tables));
    expect(new Set(FIXTURES.filter((f) => f.layout !== null).map((f) => f.file)).size).toBeGreaterThanOrEqual(12);
    // Every way of writing a table down is in it.
    expect(new Set(FIXTURES.map((f) => f.format))).toEqual(new Set(["xlsx", "csv", "text", "pipe", "spaces", "lines", "tree"]));
  });

  for (const fixture of FIXTURES) {
    it(`${fixture.file}${fixture.mapping ? " with its mapping" : ""}: ${fixture.shows}`, async () => {
      const r = await parseTargetsFile(bytesOf(fixture.file), { fileName: fixture.file, mapping: fixture.mapping ? mappingOf(fixture.mapping) : undefined });
      expect({ layout: r.layout, format: r.format, year: r.year }).toEqual({ layout: fixture.layout, format: fixture.format, year: fixture.year });
      expect(r.problems.map((p) => [p.severity, p.location])).toEqual(fixture.problems.map((p) => [p.severity, p.location]));
      r.problems.forEach((p, i) => expect(p.message).toContain(fixture.problems[i]!.includes));
      expect(r.projects.map((p) => ({ name: p.name, unitCode: p.unitCode, unitName: p.unitName, budgetWan: p.budgetWan, indicators: p.indicators.length }))).toEqual(
        fixture.projects.map((p) => ({ name: p.name, unitCode: p.unitCode, unitName: p.unitName, budgetWan: p.budgetWan, indicators: p.indicators })),
      );
      r.projects.forEach((p, i) => {
        const goal = fixture.projects[i]!.goal;
        if (goal === "") expect(p.annualGoal).toBe("");
        else expect(p.annualGoal.startsWith(goal)).toBe(true);
      });
      for (const s of fixture.spots) {
        const { category, name, comparator, value, unit } = r.projects[s.project]!.indicators[s.indicator]!;
        expect({ category, name, comparator, value, unit }).toEqual({ category: s.category, name: s.name, comparator: s.comparator, value: s.value, unit: s.unit });
      }
    });
  }
});
