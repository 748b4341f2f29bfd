// Prints the one table that ends `./dev bench`: every figure the benchmarks recorded (see
// benches/summary.rs), by section. Usage: node scripts/bench-summary.mjs <summary.tsv>
import { readFileSync } from "node:fs";

const path = process.argv[2];
const rows = readFileSync(path, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => line.split("\t"));
const width = (i, min) => Math.max(min, ...rows.map((row) => (row[i] ?? "").length));
const [s, m, v] = [width(0, 7), width(1, 7), width(2, 5)];
const line = (row) => `${row[0].padEnd(s)}  ${row[1].padEnd(m)}  ${row[2].padStart(v)}  ${row[3] ?? ""}`.trimEnd();
console.log(`\n${"=".repeat(s + m + v + 16)}\nEarmark benchmark summary\n`);
console.log(line(["section", "measure", "value", "goal"]));
console.log(line(["-".repeat(s), "-".repeat(m), "-".repeat(v), "----"]));
let last = "";
for (const row of rows) {
  console.log(line([row[0] === last ? "" : row[0], row[1], row[2], row[3]]));
  last = row[0];
}
