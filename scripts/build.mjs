// Bundles the CLIs and the public runtime into dist/ with esbuild.
// - dist/cli.cjs: both CLIs (src/cli/cli-bundle.ts), one CommonJS file
//   that the launchers (bin/) load through V8's code cache
//   (bin/code-cache.js): a no-op switch parses and compiles none of it
//   again. Its modules are initialised when a command first imports them.
// - dist/activation-cli.cjs: the commands a no-op switch runs (build and
//   switch through the evaluation cache, the generations' commands, and
//   home-manager's: src/cli/activation-bundle.ts) without the Nix evaluator, the module
//   system, the Nix lib and the option modules (the build fails if it
//   would hold them: EVALUATOR), so that a no-op switch does not load them;
//   a build that must evaluate does so in the worker.
// - dist/cli-worker.cjs: the entry of the worker that evaluates a build
//   (src/cli/cli-worker.ts), which loads dist/cli.cjs the same way.
// - dist/eval-cli.cjs: `eval --expr|--file` alone (src/cli/eval-main.ts),
//   without the Nix lib, the module system and the fetchers.
// - dist/index.js: the public runtime (ES modules, split into chunks).
// - dist/engine.cjs: the activation engine, one self-contained CommonJS
//   file (every import bundled) from src/engine/main.ts; while that entry
//   does not exist, the engine build is skipped. CommonJS: each home
//   activation starts it, and Node's ES module loader would cost each start
//   some 20 ms more.
// The CommonJS bundles, the engine's too, are ASCII (esbuild escapes
// non-ASCII in code; this build escapes it in the comments it keeps), so a
// loader reads them one byte a character (V8 then has a one-byte string:
// with a "\u2192" in a comment, the engine's 0.55 MB were a two-byte one,
// read and compiled alone in 7.6 ms instead of 2 ms; a whole engine start,
// 133.5 ms against 133.2), and the CLI's first line is `// system-manager bundle
// sha256:<hash of its content>`, what a code cache is kept for.
//
// Usage: node scripts/build.mjs [--outdir DIR]   (default: dist/ of this checkout)
//
// The build may run while dist/ is in use, and twice at once (`npm ci` and
// `npx` both run `prepare`), so it never rewrites a file in place:
// - esbuild writes nothing (`write: false`); each output is written to a
//   temporary name in the out dir, flushed, and renamed over its final name,
//   so a reader sees the old file or the new one, never half of one. Two
//   builds at once only race to rename complete files.
// - A file whose content is already on disk is not written: a rebuild with
//   no change changes nothing (mtimes and inodes stay).
// - Chunk names (the public runtime's shared chunks) are content-hashed
//   (esbuild hashes a chunk together with the chunks it imports), so a new
//   chunk never replaces an old one of the same name with other content.
//   Chunks are written first, then source maps, then the files with fixed
//   names (index.js, cli.cjs, activation-cli.cjs, cli-worker.cjs,
//   eval-cli.cjs, engine.cjs)
//   last: a new entry appears only once everything it imports, statically
//   or on demand, is on disk, and an old entry, already loaded or not,
//   still finds its old chunks. (An entry's source map has a fixed name
//   too, so for a moment it may not match its entry: only stack traces
//   read it.)
//
// Stale files (*.js, *.js.map not in this build's output) are removed only
// when that cannot hurt: a process started from an old entry may load its
// commands' chunks on demand long after it started, and a file's mtime says
// when it was written, not when it stopped being used. So a build records
// when it first saw each file stale (in .build-stale.json in the out dir)
// and removes it on a later build once it has been stale for STALE_GRACE_MS
// (a day): longer than any run of the CLI started before it went stale.
// A file that is in the output again is forgotten. (Two builds at once may
// both rewrite the record; the loser's new entries are lost, which only
// restarts those files' grace period.) Temporary files left by a build
// that was killed are removed after an hour.
import { build } from "esbuild";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const STALE_GRACE_MS = 24 * 60 * 60 * 1000;
const TMP_GRACE_MS = 60 * 60 * 1000;
const STALE_RECORD = ".build-stale.json";
const TMP_RE = /^\..+\.tmp-\d+-[0-9a-f]+$/;

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: "string" } } });
const outdir = values.outdir === undefined ? join(root, "dist") : resolve(values.outdir);
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const define = { __VERSION__: JSON.stringify(version) };
const common = { absWorkingDir: root, bundle: true, format: "esm", platform: "node", target: "node20", define, logLevel: "warning", write: false };
const ENTRIES = { index: "src/index.ts" };
const ENGINE_ENTRY = "src/engine/main.ts";
const EVAL_ENTRY = "src/cli/eval-main.ts";
const HASH_PLACEHOLDER = "0".repeat(64);
// The Nix evaluator (its parser, evaluation, builtins), the module system, the Nix lib and the option modules (as the
// metafile names them: relative to the checkout, or to where a linked src/ directory really is).
const EVALUATOR = /(^|\/)src\/((module-system|lib|modules|nix\/(eval|parser|builtins))\/|nix\/(evaluate|lexer)\.ts$)/;
// A CommonJS bundle's first line (its content hash, filled in once built), the strict mode of the ES modules it is made
// of (esbuild's own "use strict" comes after this banner, too late to be a directive), what import.meta stands for.
const cjsBanner = [
  `// system-manager bundle sha256:${HASH_PLACEHOLDER}`,
  '"use strict";',
  'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;',
  'var __bundleResolve = (s) => require("node:url").pathToFileURL(require.resolve(s)).href;',
].join("\n");
// The CommonJS bundles run from the CLI's store path, which has no node_modules: every dependency is bundled (yaml,
// which install-secrets reads sops files with) except esbuild and TypeScript, which only the npm installation carries.
const cjs = { ...common, format: "cjs", splitting: false, external: ["esbuild", "typescript"], sourcemap: "linked", define: { ...define, "import.meta.url": "__bundleUrl", "import.meta.resolve": "__bundleResolve" }, banner: { js: cjsBanner } };

const cli = await build({
  ...common,
  entryPoints: ENTRIES,
  outdir,
  splitting: true,
  packages: "external",
  sourcemap: "linked",
});

const engine = existsSync(join(root, ENGINE_ENTRY))
  ? await build({
      ...common,
      format: "cjs",
      entryPoints: [ENGINE_ENTRY],
      outfile: join(outdir, "engine.cjs"),
      splitting: false,
      sourcemap: false,
      // The strict mode of the ES modules it is made of (esbuild's own "use strict" would come after a banner).
      banner: { js: '"use strict";' },
    })
  : undefined;

// Node's built-ins that a CommonJS bundle loads on their first use, not when a module importing them is initialised:
// in eval's, node:crypto (some 20 internal modules: most evaluations hash nothing); in the CLI's, node:child_process
// (a no-op switch starts no process) and node:crypto (some 6 ms: the main thread of a build that does not consult the
// evaluation cache hashes nothing before its worker starts). A name a list lacks fails the build ("No matching
// export"): add it here.
const LAZY_CRYPTO = ["createDecipheriv", "createHash", "createHmac", "hash", "randomBytes", "randomUUID", "timingSafeEqual"];
const LAZY_CHILD_PROCESS = ["execFileSync", "spawn", "spawnSync"];
function lazyBuiltins(lists) {
  const name = "lazy-builtins";
  const filter = new RegExp(`^(node:)?(${Object.keys(lists).join("|")})$`);
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, (a) => {
        const builtin = filter.exec(a.path)[2];
        return a.namespace === name ? { path: `node:${builtin}`, external: true } : { path: builtin, namespace: name };
      });
      b.onLoad({ filter: /.*/, namespace: name }, (a) => ({
        loader: "js",
        contents: `let m;\nconst load = () => (m ??= require("node:${a.path}"));\n${lists[a.path].map((n) => `export const ${n} = (...a) => load().${n}(...a);`).join("\n")}\n`,
      }));
    },
  };
}

// `eval --expr|--file` on its own, one CommonJS file: the launcher loads it with require(), without the ES module
// loader, the chunks and the Nix lib that the whole CLI loads (#13: eval's start within 50 ms of Node's).
const evalCli = await build({ ...cjs, entryPoints: [EVAL_ENTRY], outfile: join(outdir, "eval-cli.cjs"), plugins: [lazyBuiltins({ crypto: LAZY_CRYPTO })] });
const wholeCli = await build({ ...cjs, entryPoints: ["src/cli/cli-bundle.ts"], outfile: join(outdir, "cli.cjs"), plugins: [lazyBuiltins({ child_process: LAZY_CHILD_PROCESS, crypto: LAZY_CRYPTO })] });
const cliWorker = await build({ ...cjs, entryPoints: ["src/cli/cli-worker.ts"], outfile: join(outdir, "cli-worker.cjs") });
const activationCli = await build({ ...cjs, metafile: true, entryPoints: ["src/cli/activation-bundle.ts"], outfile: join(outdir, "activation-cli.cjs"), plugins: [lazyBuiltins({ child_process: LAZY_CHILD_PROCESS, crypto: LAZY_CRYPTO })] });
const evaluatorFiles = Object.keys(activationCli.metafile.inputs).filter((f) => EVALUATOR.test(f));
if (evaluatorFiles.length > 0) throw new Error(`dist/activation-cli.cjs would hold the evaluator: ${evaluatorFiles.join(", ")}`);

const outputs = [...cli.outputFiles, ...[evalCli, wholeCli, activationCli, cliWorker].flatMap((b) => b.outputFiles.map(stampCjs)), ...(engine?.outputFiles ?? []).map((f) => ({ path: f.path, contents: Buffer.from(asciiText(f.text), "latin1") }))];
// The files with fixed names, which readers start from, are written last; everything else is content-hashed.
const fixed = new Set([...Object.keys(ENTRIES).map((name) => `${name}.js`), "engine.cjs", "eval-cli.cjs", "cli.cjs", "activation-cli.cjs", "cli-worker.cjs"].map((file) => join(outdir, file)));
const rank = (path) => (fixed.has(path) ? 2 : path.endsWith(".map") ? 1 : 0);

mkdirSync(outdir, { recursive: true });
for (const f of outputs.sort((a, b) => rank(a.path) - rank(b.path))) {
  if (dirname(f.path) !== outdir) throw new Error(`unexpected output outside ${outdir}: ${f.path}`);
  writeIfChanged(f.path, f.contents);
}
sweep(new Set(outputs.map((f) => basename(f.path))));

/** A bundle's text made ASCII: only the comments esbuild keeps hold other characters (a source map's lines, and its columns up to them, stay right). */
function asciiText(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A CommonJS bundle made ASCII, its first line naming its content's hash; other outputs as they are. */
function stampCjs(f) {
  if (!f.path.endsWith(".cjs")) return f;
  const ascii = asciiText(f.text);
  if (!ascii.includes(HASH_PLACEHOLDER)) throw new Error(`${f.path} lacks its hash line`);
  const hash = createHash("sha256").update(ascii).digest("hex");
  return { path: f.path, contents: Buffer.from(ascii.replace(HASH_PLACEHOLDER, hash), "latin1") };
}

/** Writes `contents` to `path` through a temporary file and a rename, unless the file already holds exactly that. */
function writeIfChanged(path, contents) {
  try {
    if (Buffer.compare(readFileSync(path), contents) === 0) return;
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  const fd = openSync(tmp, "wx", 0o644);
  try {
    let off = 0;
    while (off < contents.length) off += writeSync(fd, contents, off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Removes output files stale for longer than the grace period, and temporary files of killed builds (see the header). */
function sweep(current) {
  const now = Date.now();
  const recordPath = join(outdir, STALE_RECORD);
  let seen = {};
  try {
    seen = JSON.parse(readFileSync(recordPath, "utf8"));
  } catch {
    // No record yet, or unreadable: every stale file starts its grace period now.
  }
  const next = {};
  for (const name of readdirSync(outdir)) {
    if (TMP_RE.test(name)) {
      if (now - mtimeOf(join(outdir, name)) > TMP_GRACE_MS) removeIfPresent(join(outdir, name));
      continue;
    }
    if (current.has(name) || !/\.js(\.map)?$/.test(name)) continue;
    const since = typeof seen[name] === "number" && seen[name] <= now ? seen[name] : now;
    if (now - since > STALE_GRACE_MS) removeIfPresent(join(outdir, name));
    else next[name] = since;
  }
  if (Object.keys(next).length > 0) writeIfChanged(recordPath, Buffer.from(JSON.stringify(next, Object.keys(next).sort(), 1) + "\n"));
  else removeIfPresent(recordPath);
}

function mtimeOf(path) {
  try {
    return lstatSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function removeIfPresent(path) {
  try {
    unlinkSync(path);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
}
