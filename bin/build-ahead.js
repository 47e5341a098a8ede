// Starting the worker a build or switch of a flake evaluates in before any bundle loads
// (./large-stack-worker.js's prestart), when the build will likely evaluate: the worker then
// starts Node's thread and loads the CLI while this thread loads its own bundle and asks the
// evaluation cache (some 30 ms of a small build). The guess is cheap and only decides speed:
// a build told to evaluate (--no-eval-cache, --repair, inputs to update or override), or
// whose flake's directory or anything in it (a file, or a subdirectory's own mtime) changed
// after the evaluation cache last did (its directory's mtime), or that has no cache yet. A
// worker started for a build the cache answers costs that build some 20 ms (its start, and
// waiting for it at exit); a change the guess misses (a file edited in place in a
// subdirectory) is evaluated as without it. Not for --config (a TypeScript configuration
// needs the CLI without a code cache), --target-host (the build may run on the host),
// --store-path or --generation (switch builds nothing), help, or a thread with its own large
// stack. Where each CLI keeps its cache and its default
// flake: system-manager's under --root, ~/.config/system-manager; home-manager's in the
// user's state directory (src/home/home-store-root.ts), none (its default is a TypeScript
// configuration).
// CommonJS (bin/package.json), as the launchers are.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/** What the eval cache's directory is under a root (src/build/eval-cache/cache-file.ts's EVAL_CACHE_DIR). */
const EVAL_CACHE_DIR = "var/lib/system-manager/eval-cache";
/** Where each CLI keeps its evaluation cache, and the flake it builds without --flake or --config (src/cli/default-flake.ts's DEFAULT_FLAKE). */
const CLIS = {
  "system-manager": {
    cacheDir: (argv, env, cwd) => path.join(path.resolve(cwd, valueOf(argv, "--root") ?? "/"), EVAL_CACHE_DIR),
    defaultFlake: (env) => (env.HOME ? path.join(env.HOME, ".config/system-manager") : undefined),
  },
  "home-manager": {
    cacheDir: (argv, env) => {
      const state = env.XDG_STATE_HOME?.startsWith("/") ? env.XDG_STATE_HOME : env.HOME ? path.join(env.HOME, ".local/state") : undefined;
      return state === undefined ? undefined : path.join(state, "system-manager/home", EVAL_CACHE_DIR);
    },
    defaultFlake: () => undefined,
  },
};
const ALWAYS = ["--no-eval-cache", "--repair", "--update-input", "--recreate-lock-file", "--refresh", "--override-input", "--no-write-lock-file"];
const NEVER = ["--config", "--target-host", "--store-path", "--generation", "--help", "-h"];

const given = (argv, name) => argv.some((a) => a === name || a.startsWith(`${name}=`));

/** The last value of `--name V` or `--name=V` in `argv`, or undefined. */
function valueOf(argv, name) {
  let value;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) value = argv[i + 1];
    else if (argv[i].startsWith(`${name}=`)) value = argv[i].slice(name.length + 1);
  }
  return value;
}

/** The local directory a --flake value names (a path, or path:PATH), without its #fragment; undefined for other references. */
function flakeDir(ref, cwd) {
  const at = ref.indexOf("#");
  const dir = at < 0 ? ref : ref.slice(0, at);
  const local = dir.startsWith("path:") ? dir.slice(5) : /^[a-z][a-z0-9+.-]*:/.test(dir) ? undefined : dir;
  return local === undefined || local === "" ? undefined : path.resolve(cwd, local);
}

/** Whether `dir` or an entry in it (not followed) has an mtime past `since`. */
function changedSince(dir, since) {
  if (fs.statSync(dir).mtimeMs > since) return true;
  return fs.readdirSync(dir).some((name) => fs.lstatSync(path.join(dir, name)).mtimeMs > since);
}

/** Whether the build or switch `argv` (a launcher's arguments; `cli`: system-manager or home-manager) likely evaluates its flake. */
function likelyEvaluates(argv, env, cwd, cli = "system-manager") {
  if (env.SYSTEM_MANAGER_LARGE_STACK !== undefined || NEVER.some((n) => given(argv, n))) return false;
  if (ALWAYS.some((n) => given(argv, n))) return true;
  try {
    const ref = valueOf(argv, "--flake");
    const dir = ref === undefined ? CLIS[cli].defaultFlake(env) : flakeDir(ref, cwd);
    const cacheDir = CLIS[cli].cacheDir(argv, env, cwd);
    if (dir === undefined || cacheDir === undefined) return false;
    const cached = fs.statSync(cacheDir, { throwIfNoEntry: false });
    return cached === undefined || changedSince(dir, cached.mtimeMs);
  } catch {
    return false;
  }
}

/** Starts the evaluation's worker for the build or switch `argv` of `cli` when it likely evaluates; a guess that cannot be made (no working directory) starts none. */
function startAhead(argv, dist, cli = "system-manager") {
  let cwd;
  try {
    cwd = process.cwd();
  } catch {
    return;
  }
  if (!likelyEvaluates(argv, process.env, cwd, cli)) return;
  const { stackMbFor, maxCallDepthOf } = require("./large-stack.js");
  const { pathToFileURL } = require("node:url");
  require("./large-stack-worker.js").prestart(pathToFileURL(path.join(dist, "cli-worker.cjs")).href, stackMbFor(maxCallDepthOf(argv)), "prepare");
}

module.exports = { likelyEvaluates, startAhead };
