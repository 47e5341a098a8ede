/**
 * `system-manager docs [--out DIR]`: writes the manual, a static HTML
 * options reference searchable in the page, of every option the
 * configuration can use (the configuration `option` reads:
 * option-sources.ts; Home Manager's under home-manager.users.<name>),
 * with the README's guides (src/docs-site/). The directory is checked
 * before evaluating; prints the path of index.html.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { checkRoot } from "../check-root.ts";
import { EVAL_SETTING_OPTIONS, EVAL_SETTINGS_HELP, evalSettings, takeSettingPairs } from "../eval-settings.ts";
import { FLAKE_INPUT_HELP, FLAKE_INPUT_OPTIONS, takeOverrides } from "../flake-input-args.ts";

export const DOCS_HELP = `Usage: system-manager docs [--out DIR] [--flake DIR[#NAME] | --config FILE] [--impure] [--root DIR]

Writes the manual: a static HTML reference of every option the
configuration can use (system-manager's, and Home Manager's under
home-manager.users.<name>: the flake's own home-manager when it is the
real one), searchable in the page, with the README's guides. Open
DIR/index.html in a browser: it works from the file system, without a
server. Prints the path of index.html.

--out DIR   where (default ./system-manager-manual); an existing DIR is
            replaced only when it is a manual written before

Without --flake or --config: the flake in ~/.config/system-manager (its
systemConfigs.<hostname>, then "default"), else system-manager's own
modules.

${EVAL_SETTINGS_HELP}
${FLAKE_INPUT_HELP}`;

const OPTIONS = {
  ...FLAKE_INPUT_OPTIONS,
  ...EVAL_SETTING_OPTIONS,
  out: { type: "string", short: "o" },
  config: { type: "string" },
  flake: { type: "string" },
  impure: { type: "boolean" },
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

export async function docs(argv: readonly string[], io: Io): Promise<number> {
  const { argv: rest0, overrides } = takeOverrides(argv, "docs");
  const { argv: rest, options } = takeSettingPairs(rest0, "docs");
  const { values } = parseCommandArgs("docs", rest, OPTIONS);
  if (values.help === true) {
    io.stdout(DOCS_HELP);
    return 0;
  }
  const { checkManualDir, writeManual } = await import("../../docs-site/write-manual.ts");
  const out = resolve(io.cwd, values.out ?? "system-manager-manual");
  checkManualDir(out);
  const settings = evalSettings(options, values, io.env, (w) => io.stderr(`warning: ${w}\n`));
  const { systemOptionSource } = await import("./option-sources.ts");
  const source = await systemOptionSource({ ...values, overrideInput: overrides, settings }, io, checkRoot(values.root, io.cwd));
  const { manualOptions, SYSTEM_SECTIONS } = await import("../../docs-site/manual-options.ts");
  const { readmeGuides } = await import("../../docs-site/readme-guides.ts");
  const { manualSite } = await import("../../docs-site/manual-site.ts");
  let documented;
  try {
    documented = manualOptions(source.options, SYSTEM_SECTIONS, (m) => io.stderr(`warning: ${m}\n`));
  } catch (e) {
    throw source.userErrors?.(e) ?? e;
  }
  const text = readme();
  if (text === undefined) io.stderr("warning: the manual has no guides: README.md is not beside this system-manager\n");
  const from = source.noConfiguration !== undefined ? "system-manager's own modules (no configuration)" : (values.flake ?? values.config ?? "the flake in ~/.config/system-manager");
  writeManual(out, manualSite({ sections: SYSTEM_SECTIONS, options: documented, guides: text === undefined ? [] : readmeGuides(text), generatedFrom: from }));
  io.stdout(`${join(out, "index.html")}\n`);
  return 0;
}
