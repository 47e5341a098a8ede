// A CommonJS module that test/nix/large-stack.test.ts runs in a worker
// (src/nix/large-stack.ts loads a .cjs module with require()): which of
// Node's ES module loader's internal modules the worker has loaded.
"use strict";

exports.esmLoaderModules = () => process.moduleLoadList.filter((m) => /^NativeModule internal\/modules\/esm\/(loader|translators|module_job)$/.test(m));
