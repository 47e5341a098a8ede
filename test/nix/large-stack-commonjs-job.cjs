// A CommonJS module that test/nix/large-stack.test.ts runs in a worker
// (src/cli/large-stack.ts loads a .cjs module with require()): which of
// Node's ES module loader's internal modules the worker has loaded; and
// how many times its `prepare` ran before a call.
"use strict";

exports.esmLoaderModules = () => process.moduleLoadList.filter((m) => /^NativeModule internal\/modules\/esm\/(loader|translators|module_job)$/.test(m));

// For a worker started ahead (bin/large-stack-worker.js's prestart): `prepare` runs as soon as the module is loaded.
exports.prepare = () => {
  globalThis.preparedTimes = (globalThis.preparedTimes ?? 0) + 1;
};
exports.preparedTimes = () => globalThis.preparedTimes ?? 0;
