// A stand-in for a running app in fault tests: starts the embedded database the way npm start does,
// writes the rows it is told to (each committed before "ready" is printed), then waits to be killed.
// tsx tests/support/hold-embedded.ts <dataDir> <port> <rows>
import pg from "pg";
import { startEmbeddedDatabase } from "@/lib/db/embedded";

const [dataDir, port, rows] = process.argv.slice(2);
const embedded = await startEmbeddedDatabase({ dataDir: dataDir!, port: Number(port), running: "own", log: () => undefined });
const client = new pg.Client({ connectionString: embedded.url });
await client.connect();
await client.query("CREATE TABLE IF NOT EXISTS held (n int PRIMARY KEY)");
for (let n = 1; n <= Number(rows); n++) await client.query("INSERT INTO held (n) VALUES ($1) ON CONFLICT DO NOTHING", [n]);
await client.end();
console.log(`ready ${embedded.port}`);
setInterval(() => undefined, 60_000);
