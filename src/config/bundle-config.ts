/**
 * Bundles a configuration entry and the files it imports into one ESM
 * module with esbuild: the user's own .ts/.js files go through
 * recordPositions first (node_modules do not), and "system-manager"
 * resolves to the runtime virtual module. The user's tsconfig is ignored,
 * so type-only imports are always dropped. The bundle carries an inline
 * source map, so an exception the configuration throws can name its line
 * (./user-code-errors.ts).
 */
import { build, type Message, type Plugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { diagnosticsError, fromEsbuildMessage } from "./config-diagnostics.ts";
import { recordPositions } from "./record-positions.ts";
import { runtimeModuleSource } from "./runtime-module.ts";
import { inlineSourceMap } from "./user-code-errors.ts";

export interface Bundle {
  readonly code: string;
  /** Absolute paths of every file bundled. */
  readonly inputs: readonly string[];
}

const RUNTIME_NAMESPACE = "system-manager-runtime";

function configPlugin(runtimeNames: readonly string[]): Plugin {
  return {
    name: "system-manager-config",
    setup(b) {
      b.onResolve({ filter: /^system-manager$/ }, () => ({ path: "system-manager", namespace: RUNTIME_NAMESPACE }));
      b.onLoad({ filter: /.*/, namespace: RUNTIME_NAMESPACE }, () => ({ contents: runtimeModuleSource(runtimeNames), loader: "js" }));
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (args.path.split(/[\\/]/).includes("node_modules")) return undefined;
        const source = await readFile(args.path, "utf8");
        return { contents: recordPositions(args.path, source), loader: loaderFor(args.path), resolveDir: dirname(args.path) };
      });
    },
  };
}

function loaderFor(path: string): "ts" | "tsx" | "js" | "jsx" {
  const m = /\.[cm]?([jt]sx?)$/.exec(path);
  return (m?.[1] ?? "js") as "ts" | "tsx" | "js" | "jsx";
}

export async function bundleConfig(entry: string, runtimeNames: readonly string[]): Promise<Bundle> {
  const workingDir = dirname(entry);
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      absWorkingDir: workingDir,
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "silent",
      tsconfigRaw: {},
      sourcemap: "inline",
      plugins: [configPlugin(runtimeNames)],
    });
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (errors === undefined || errors.length === 0) throw e;
    throw diagnosticsError(entry, "error", errors.map((m) => fromEsbuildMessage(m, workingDir, entry)));
  }
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.startsWith(`${RUNTIME_NAMESPACE}:`))
    .map((p) => (isAbsolute(p) ? p : resolve(workingDir, p)));
  return { code: absoluteSources(output.text, workingDir), inputs };
}

/** The bundle with its inline source map naming sources by absolute file URL (so do stacks mapped through it). */
function absoluteSources(code: string, workingDir: string): string {
  const inline = inlineSourceMap(code);
  if (inline === undefined) return code;
  const { index, map } = inline;
  map.sources = map.sources.map((s) => (s.includes(":") ? s : pathToFileURL(resolve(workingDir, s)).href));
  return code.slice(0, index) + `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
}
