// Output whose reader went away (`system-manager eval … | head`, a closed terminal): what is
// still written to it is dropped, as nothing can read it, and the command goes on to its end and
// its own exit code (a switch is not cut short because its log's reader left). Without this,
// Node ends the process on the unhandled EPIPE with its stack. The launchers and the activation
// engine (src/engine/main.ts, whose reader is the switch that started it) call it first.
// CommonJS, as the launchers.
"use strict";

/** Drops writes to stdout and stderr once their reader is gone. */
function dropClosedOutput() {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e) => {
      if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
    });
  }
}

module.exports = { dropClosedOutput };
