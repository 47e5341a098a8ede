// Loads a CommonJS bundle of dist/ with V8's code cache: the bytecode V8
// compiled for it on an earlier run is read from the user's cache
// directory ($XDG_CACHE_HOME/system-manager/v8, else
// ~/.cache/system-manager/v8, as the parse cache), so this run does not
// parse and compile again what it runs. A cache is kept per bundle and
// role (the command, or the worker that evaluates a build: each compiles
// other functions), made once the role has run (so it holds the functions
// compiled lazily too), when there was none or V8 rejected it (another
// Node, other flags, a damaged file). Its name has the bundle's content
// hash (the first line the build writes, `// system-manager bundle
// sha256:…`), the file's identity (inode, size, mtime: a bundle edited by
// hand), its path, Node's version and flags: a changed bundle gets a new
// cache, and the old one's are removed. A bundle without that first line
// is required as Node requires any file, without a cache. Code cache is code: it is read only from a
// directory and a file this user owns that no one else may write, and
// written (through a temporary name and a rename) only there; a missing
// directory is made only under one this user owns (root running with a
// user's HOME makes nothing the user could not then write). Any failure to
// read or write it only costs the compilation. The bundle gets this file's
// `require` (Node's built-ins, and packages found from here as from dist/);
// its import() of a module at run time (a TypeScript configuration) goes
// through Node's own loader, but only when the script was compiled
// without a cache: Node 20 loses a vm.Script's import() callback when V8
// takes a code cache for it (the import() then throws "A dynamic import
// callback was not specified"). So what may load a TypeScript
// configuration requires the bundle as Node requires any file
// (requireWithoutCodeCache).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const HEADER = /^\/\/ system-manager bundle sha256:([0-9a-f]{64})\n/;
const MAIN_LOADER = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;

function cacheDir(env) {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg.startsWith("/")) return path.join(xdg, "system-manager", "v8");
  const home = env.HOME || require("node:os").homedir();
  return home ? path.join(home, ".cache", "system-manager", "v8") : undefined;
}

/** Whether `p` is this user's, and no one else may write it. */
function ours(p) {
  const st = fs.statSync(p);
  return st.uid === process.geteuid() && (st.mode & 0o022) === 0;
}

/** Makes `dir` and its missing parents, each only inside a directory this user owns; whether `dir` is then ours. */
function makeOurs(dir) {
  if (fs.existsSync(dir)) return ours(dir);
  const parent = path.dirname(dir);
  if (parent === dir || !makeOursParent(parent)) return false;
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if (e.code !== "EEXIST") throw e;
  }
  return ours(dir);
}

/** A directory to make one in: made (as ours) when missing, else this user's or root's (/tmp, but not another user's home). */
function makeOursParent(dir) {
  if (!fs.existsSync(dir)) return makeOurs(dir);
  const { uid } = fs.statSync(dir);
  return uid === process.geteuid() || uid === 0;
}

/** A short hash of `s` (FNV-1a, 32 bits), hex. */
function fnv(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

function readCache(dir, file) {
  try {
    return ours(dir) && ours(file) ? fs.readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

// Node warns once that the option letting import() in a vm.Script use its own loader is experimental: that is ours to know.
let warningFiltered = false;
function filterLoaderWarning() {
  if (warningFiltered) return;
  warningFiltered = true;
  const emit = process.emitWarning;
  process.emitWarning = function (warning, ...rest) {
    if (typeof warning === "string" && warning.startsWith("vm.USE_MAIN_CONTEXT_DEFAULT_LOADER ")) return;
    return emit.call(this, warning, ...rest);
  };
}

/**
 * Requires `file` through the code cache kept for `role`: its exports,
 * whether V8 took a cache for it (`cached`), and `save()`, to call once
 * the role has run (it writes the cache unless this run had one).
 */
function requireWithCodeCache(file, role = "main", env = process.env) {
  const bytes = fs.readFileSync(file);
  const header = HEADER.exec(bytes.toString("latin1", 0, 100));
  // Without the option (Node before 20.x's backport of it), the bundle's import() would fail in a vm.Script.
  if (header === null || MAIN_LOADER === undefined) return requireWithoutCodeCache(file);
  // The build writes its bundles in ASCII (non-ASCII comment text escaped): one byte a character.
  const source = bytes.toString("latin1");
  const st = fs.statSync(file);
  const dir = cacheDir(env);
  // <bundle's name>-<its path>-<this build of it>-<this Node and its flags>-<role>
  const bundle = `${path.basename(file)}-${fnv(file)}-`;
  const build = `${bundle}${header[1].slice(0, 16)}-${st.size}-${Math.floor(st.mtimeMs)}-${st.ino}-`;
  const name = `${build}${process.version}-${fnv(process.execArgv.join(" "))}-${/^[a-z][a-z-]{0,30}$/.test(role) ? role : "other"}.v8`;
  const cacheFile = dir === undefined ? undefined : path.join(dir, name);
  const cachedData = cacheFile === undefined ? undefined : readCache(dir, cacheFile);
  filterLoaderWarning();
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData, importModuleDynamically: MAIN_LOADER });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, file, path.dirname(file));
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  const save = () => {
    if (cacheFile === undefined || cached) return;
    try {
      if (!makeOurs(dir)) return;
      const tmp = `${cacheFile}.tmp-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile);
      // The caches of earlier builds of this bundle are of no more use.
      for (const f of fs.readdirSync(dir)) if (f.startsWith(bundle) && !f.startsWith(build)) fs.rmSync(path.join(dir, f), { force: true });
    } catch {
      // An unwritable cache directory only means that the next run compiles again.
    }
  };
  return { exports: module.exports, cached, save };
}

/** `file` required as Node requires any file (Node's own compilation, no cache), in requireWithCodeCache's shape. */
function requireWithoutCodeCache(file) {
  return { exports: require(file), cached: false, save: () => {} };
}

module.exports = { requireWithCodeCache, requireWithoutCodeCache };
