import pg from "pg";

// What a database holds, comparable across a backup and restore or an import: every public table's
// row count and the md5 of its rows' text (in text order), and every sequence's position.

/** Row count and md5 of every public table (rows in text order), and every sequence's position. */
export async function fingerprint(url: string, options: { sequences?: boolean } = {}): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    const { rows: tables } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: string; md5: string | null }>(`SELECT count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS md5 FROM "${name}" t`);
      out[name] = `${rows[0]!.n} rows, md5 ${rows[0]!.md5 ?? "-"}`;
    }
    if (options.sequences === false) return out;
    const { rows: sequences } = await client.query<{ name: string; last: string | null }>("SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1");
    for (const s of sequences) out[`sequence ${s.name}`] = s.last ?? "unused";
    return out;
  } finally {
    await client.end();
  }
}

export async function sequencePositions(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; last: string | null }>("SELECT sequencename AS name, coalesce(last_value, 0)::text AS last FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1");
    return Object.fromEntries(rows.map((r) => [r.name, r.last ?? "0"]));
  } finally {
    await client.end();
  }
}
