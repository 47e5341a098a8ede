// Preloaded (`node --require`, through NODE_OPTIONS) into every Node
// process a benchmark starts (bench/lib/measure.ts): at exit, appends the
// process's peak resident set size (KiB) as a line to the file named by
// BENCH_RSS_FILE. CommonJS, and nothing loaded that Node
// has not loaded already, so that it barely changes what it measures.
"use strict";
const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    try {
      require("node:fs").appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // A process that cannot write its line is left out of the maximum.
    }
  });
}
