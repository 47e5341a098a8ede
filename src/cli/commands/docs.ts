/**
 * `system-manager docs [--out DIR]` and `home-manager docs`: write the
 * manual, a static HTML options reference searchable in the page, of
 * every option the configuration can use (the configuration `option`
 * reads: option-sources.ts; for system-manager, Home Manager's under
 * home-manager.users.<name> too), with the README's guides
 * (src/docs-site/). The directory is checked before evaluating; prints
 * the path of index.html.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { checkRoot } from "../check-root.ts";
import { EVAL_SETTINGS_HELP, evalSettings, takeSettingPairs } from "../eval-settings.ts";
import { FLAKE_INPUT_HELP, takeOverrides } from "../flake-input-args.ts";
import type { HomeCtx } from "../home-manager/home-build.ts";
import type { OptionSource } from "./option-sources.ts";
import { CONFIG_OPTIONS } from "../config-options.ts";

type Program = "system-manager" | "home-manager";

const WHAT: Record<Program, string> = {
  "system-manager": `every option the
configuration can use (system-manager's, and Home Manager's under
home-manager.users.<name>: the flake's own home-manager when it is the
real one)`,
  "home-manager": `every option of the home
configuration (the flake's own home-manager when it is the real one)`,
};

const CONFIG_LINE: Record<Program, string> = {
  "system-manager": `Without --flake or --config: the flake in ~/.config/system-manager (its
systemConfigs.<hostname>, then "default"), else system-manager's own
modules.`,
  "home-manager": `Without --flake or --config: ~/.config/home-manager/home.config.ts, else
our own home modules; --flake DIR takes homeConfigurations."$USER@$HOSTNAME",
then "$USER".`,
};

export function docsHelp(program: Program): string {
  return `Usage: ${program} docs [--out DIR] [--flake DIR[#NAME] | --config FILE] [--impure]${program === "system-manager" ? " [--root DIR]" : ""}

Writes the manual: a static HTML reference of ${WHAT[program]},
searchable in the page, with the README's guides. Open DIR/index.html in
a browser: it works from the file system, without a server. Prints the
path of index.html.

--out DIR   where (default ./${program}-manual); an existing DIR is
            replaced only when it is a manual written before

${CONFIG_LINE[program]}

${EVAL_SETTINGS_HELP}
${FLAKE_INPUT_HELP}`;
}

/** The flags docs takes (home-manager: without --root); completion can read them. */
export const DOCS_OPTIONS = {
  ...CONFIG_OPTIONS,
  out: { type: "string", short: "o" },
  root: { type: "string", default: "/" },
  help: { type: "boolean", short: "h" },
} as const;

// Bundled, this code is in dist/cli.cjs, a level below the package; run from src/, three.
const README_CANDIDATES = ["../README.md", "../../../README.md"];

function readme(): string | undefined {
  for (const c of README_CANDIDATES) {
    const p = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(p)) return readFileSync(p, "utf8");
  }
  return undefined;
}

function parse(program: Program, argv: readonly string[], io: Io) {
  const { argv: rest0, overrides } = takeOverrides(argv, "docs", program);
  const { argv: rest, options } = takeSettingPairs(rest0, "docs", program);
  const { root: _root, ...withoutRoot } = DOCS_OPTIONS;
  const { values } = parseCommandArgs("docs", rest, program === "system-manager" ? DOCS_OPTIONS : withoutRoot, 0, program);
  const settings = evalSettings(options, values, io.env, (w) => io.stderr(`warning: ${w}\n`));
  return { ...values, overrideInput: overrides, settings, out: resolve(io.cwd, values.out ?? `${program}-manual`) };
}

/** Writes the manual of `source` into `out` (checked already), printing its index.html. */
async function write(program: Program, out: string, source: OptionSource, from: string, io: Io): Promise<number> {
  const { manualOptions, SYSTEM_SECTIONS, HOME_SECTIONS } = await import("../../docs-site/manual-options.ts");
  const { readmeGuides } = await import("../../docs-site/readme-guides.ts");
  const { manualSite } = await import("../../docs-site/manual-site.ts");
  const { writeManual } = await import("../../docs-site/write-manual.ts");
  const sections = program === "system-manager" ? SYSTEM_SECTIONS : HOME_SECTIONS;
  let documented;
  try {
    documented = manualOptions(source.options, sections, (m) => io.stderr(`warning: ${m}\n`));
  } catch (e) {
    throw source.userErrors?.(e) ?? e;
  }
  const text = readme();
  if (text === undefined) io.stderr(`warning: the manual has no guides: README.md is not beside this ${program}\n`);
  const generatedFrom = source.noConfiguration !== undefined ? `${program}'s own modules (no configuration)` : from;
  writeManual(out, manualSite({ sections, options: documented, guides: text === undefined ? [] : readmeGuides(text), generatedFrom }));
  io.stdout(`${join(out, "index.html")}\n`);
  return 0;
}

/** `system-manager docs`. */
export async function docs(argv: readonly string[], io: Io): Promise<number> {
  const values = parse("system-manager", argv, io);
  if (values.help === true) {
    io.stdout(docsHelp("system-manager"));
    return 0;
  }
  (await import("../../docs-site/write-manual.ts")).checkManualDir(values.out);
  const { systemOptionSource } = await import("./option-sources.ts");
  const source = await systemOptionSource(values, io, checkRoot(String((values as { root?: string }).root ?? "/"), io.cwd));
  return write("system-manager", values.out, source, values.flake ?? values.config ?? "the flake in ~/.config/system-manager", io);
}

/** `home-manager docs`. */
export async function homeDocs(ctx: HomeCtx, argv: readonly string[]): Promise<number> {
  const values = parse("home-manager", argv, ctx.io);
  if (values.help === true) {
    ctx.io.stdout(docsHelp("home-manager"));
    return 0;
  }
  (await import("../../docs-site/write-manual.ts")).checkManualDir(values.out);
  const { homeOptionSource } = await import("./option-sources.ts");
  const flake = typeof values.flake === "string" ? (await import("../default-flake.ts")).expandHome(values.flake, ctx.io) : undefined;
  const home = { ...values, flake, config: values.config, impure: values.impure === true, offline: values.offline === true };
  const source = await homeOptionSource(ctx, home);
  return write("home-manager", values.out, source, flake ?? values.config ?? "~/.config/home-manager/home.config.ts", ctx.io);
}
