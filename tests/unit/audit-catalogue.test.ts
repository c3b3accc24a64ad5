import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_GROUPS, EVENTS, eventLabel, FIELDS, OBJECT_TYPES } from "@/lib/audit/catalogue";

// Every event type the code can write has a Chinese name. recordAudit takes only a catalogue key
// (TypeScript refuses anything else); this test reads the source as well — every event name written
// where an action is named (an `action` field, a table of *_ACTIONS, a helper recording a refusal) —
// so that a name held in a string somewhere is checked too; every catalogue entry must be found so
// (the scan sees all the code writes), and a name assembled at run time is refused outright.

const ROOTS = ["lib", "app", "components", "scripts", "proxy.ts", "instrumentation.ts"];
const SKIP = /lib\/db\/generated\/|lib\/audit\/catalogue\.ts$/;

function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const root of ROOTS) {
    const files = root.endsWith(".ts") ? [root] : (readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f));
    for (const file of files) if (/\.(ts|tsx)$/.test(file) && !SKIP.test(file.split(path.sep).join("/"))) out.push({ file, text: readFileSync(file, "utf8") });
  }
  return out;
}

const prefixes = new Set(Object.keys(EVENTS).map((k) => k.split(".")[0]!));
const DOTTED = /(["'`])([a-z][a-zA-Z]*(?:\.[a-zA-Z]+)+)\1/g;

describe("the audit event catalogue", () => {
  const files = sources();

  it("names every event the code writes in Chinese", () => {
    const written = new Map<string, string>();
    for (const { file, text } of files) {
      for (const m of text.matchAll(DOTTED)) {
        const name = m[2]!;
        const line = text.slice(text.lastIndexOf("\n", m.index) + 1, text.indexOf("\n", m.index));
        // Where an event is named: an action field or table, a call that records one.
        if (/action|recordAudit\(|denied\(/i.test(line)) written.set(name, file);
      }
    }
    const missing = [...written].filter(([name]) => !Object.hasOwn(EVENTS, name)).map(([name, file]) => `${name} (${file})`);
    expect(missing, "event types written without a Chinese name in lib/audit/catalogue.ts").toEqual([]);
    // The scan finds what the code writes: every catalogue entry is written somewhere (no stale names).
    expect(Object.keys(EVENTS).filter((name) => !written.has(name)), "catalogue entries no code writes").toEqual([]);
  });

  it("refuses event names assembled at run time", () => {
    const assembled: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(/`([a-z][a-zA-Z]*)\.\$\{/g)) {
        const line = text.slice(text.lastIndexOf("\n", m.index) + 1, text.indexOf("\n", m.index));
        if (prefixes.has(m[1]!) && /action|recordAudit\(|denied\(/i.test(line)) assembled.push(`${file}: ${m[0]}`);
      }
      for (const m of text.matchAll(/\baction:\s*`/g)) assembled.push(`${file}: ${text.slice(m.index, m.index + 60)}`);
    }
    expect(assembled).toEqual([]);
  });

  it("gives every event a group, and every name, group, object and field a Chinese label", () => {
    const chinese = /[\u4e00-\u9fff]/;
    for (const [name, { label, group }] of Object.entries(EVENTS)) {
      expect(chinese.test(label), name).toBe(true);
      expect(EVENT_GROUPS[group], name).toBeDefined();
    }
    for (const label of [...Object.values(EVENT_GROUPS), ...Object.values(OBJECT_TYPES), ...Object.values(FIELDS)]) expect(chinese.test(label), label).toBe(true);
    // Two events with one name could not be told apart on the screen.
    const labels = Object.values(EVENTS).map((e) => e.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(eventLabel("user.disable")).toBe("停用账户");
    expect(eventLabel("legacy.thing")).toBe("未登记的事件（legacy.thing）");
    // An auditor looks for closing and reopening a year under the year, not among system chores.
    expect(EVENT_GROUPS[EVENTS["fiscalYear.close"].group]).toBe("预算年度");
    expect(EVENT_GROUPS[EVENTS["fiscalYear.reopen"].group]).toBe("预算年度");
  });
});
