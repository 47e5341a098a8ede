// Loads a CommonJS bundle with V8's code cache: the bytecode V8 compiled
// for it on an earlier run is read from the user's cache directory
// ($XDG_CACHE_HOME/system-manager/v8, else ~/.cache/system-manager/v8, as
// the parse cache), so this run does not parse and compile again what it
// runs. The cache is made once the command has run (so it holds the
// functions compiled lazily too), when there was none or V8 rejected it
// (another Node, other flags, a damaged file); its name has the bundle's
// path, size, mtime and inode, Node's version and flags, so a rebuilt
// bundle gets a new one, and the old one's are removed. Code cache is code: it is read only from a directory and
// a file this user owns that no one else may write, and written (through
// a temporary name and a rename) only there. Any failure to read or write
// it only costs the compilation. Only a bundle that requires nothing but
// Node's built-ins can be loaded so (it gets this file's `require`).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

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

/**
 * Requires `file` through the code cache: its exports, whether V8 took
 * a cache for it (`cached`), and `save()`, to call once the command has
 * run (it writes the cache unless this run had one).
 */
function requireWithCodeCache(file, env = process.env) {
  const source = fs.readFileSync(file, "utf8");
  const st = fs.statSync(file);
  const dir = cacheDir(env);
  // <bundle's name>-<its path>-<this build of it>-<this Node and its flags>
  const bundle = `${path.basename(file)}-${fnv(file)}-`;
  const build = `${bundle}${st.size}-${Math.floor(st.mtimeMs)}-${st.ino}-`;
  const name = `${build}${process.version}-${fnv(process.execArgv.join(" "))}.v8`;
  const cacheFile = dir === undefined ? undefined : path.join(dir, name);
  const cachedData = cacheFile === undefined ? undefined : readCache(dir, cacheFile);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, file, path.dirname(file));
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  const save = () => {
    if (cacheFile === undefined || cached) return;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!ours(dir)) return;
      const tmp = `${cacheFile}.tmp-${process.pid}`;
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

module.exports = { requireWithCodeCache };
