/**
 * `system-manager option [PATH]` and `options`, and home-manager's: look
 * options up as `nixos-option` and `home-manager option` do. An option
 * prints its value in the configuration (as Nix), default, type,
 * description, example, the files declaring it and those defining it; a
 * set of options the names below it; `options` the whole tree as NixOS's
 * options.json (--json) or its option names, one a line. Which
 * configuration: option-sources.ts. What is shown: src/options-doc/.
 */
import type { Io } from "../io.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { checkRoot } from "../check-root.ts";
import { EVAL_SETTINGS_HELP, evalSettings, takeSettingPairs } from "../eval-settings.ts";
import { FLAKE_INPUT_HELP, takeOverrides } from "../flake-input-args.ts";
import type { HomeCtx } from "../home-manager/home-build.ts";
import type { OptionSource } from "./option-sources.ts";
import { CONFIG_OPTIONS } from "../config-options.ts";

type Program = "system-manager" | "home-manager";
type Verb = "option" | "options";

const CONFIG_LINE: Record<Program, string> = {
  "system-manager": `Without --flake or --config: the flake in ~/.config/system-manager (its
systemConfigs.<hostname>, then "default"), as switch.`,
  "home-manager": `Without --flake or --config: ~/.config/home-manager/home.config.ts, as
switch; --flake DIR takes homeConfigurations."$USER@$HOSTNAME", then "$USER".`,
};

/** The help of `<program> option` and `<program> options`. */
export function optionHelp(program: Program, verb: Verb): string {
  const usage = verb === "option" ? `Usage: ${program} option [PATH] [--flake DIR[#NAME] | --config FILE] [--json] [--recursive] [--impure]` : `Usage: ${program} options [--json] [--flake DIR[#NAME] | --config FILE] [--impure]`;
  const [set, leaf, generic, owner] =
    program === "system-manager" ? ["users.users.alice", "users.users.alice.uid", "users.users.<name>.uid", "alice's"] : ['home.file."a.txt"', 'home.file."a.txt".text', "home.file.<name>.text", "that file's"];
  const what =
    verb === "option"
      ? `Shows an option: its value in the configuration (as Nix), default, type,
description, example, the files declaring it and the files defining it. A
PATH naming a set of options (programs.git, ${set}) lists the names below
it; none lists the top level. A name stands for a placeholder
(${leaf} is ${generic}, with ${owner} value).
--json prints the option as options.json does, with "value" and "files".
--recursive prints every value the configuration has at or below PATH,
one \`name = value;' a line (as nixos-option --recursive).
Without a configuration, the options are still shown, without values.`
      : `Prints every option (one name a line), or with --json the whole tree as
NixOS's options.json: name -> { declarations, default, description,
example, loc, readOnly, type } (internal and invisible options left out).`;
  return `${usage}${program === "system-manager" ? " [--root DIR]" : ""}

${what}

${CONFIG_LINE[program]}

${EVAL_SETTINGS_HELP}
${FLAKE_INPUT_HELP}`;
}

const OPTIONS = {
  ...CONFIG_OPTIONS,
  json: { type: "boolean" },
  recursive: { type: "boolean" },
  root: { type: "string", default: "/" },
  help: { type: "boolean", short: "h" },
} as const;

/** The options `verb` of `program` takes (home-manager's without --root, only `option` --recursive); shell completion reads them too. */
export function optionOptions(program: Program, verb: Verb): Partial<typeof OPTIONS> {
  const { root, recursive, ...rest } = OPTIONS;
  return { ...rest, ...(program === "system-manager" ? { root } : {}), ...(verb === "option" ? { recursive } : {}) };
}

function parse(program: Program, verb: Verb, argv: readonly string[], io: Io) {
  const { argv: rest0, overrides } = takeOverrides(argv, verb, program);
  const { argv: rest, options } = takeSettingPairs(rest0, verb, program);
  const { values, positionals } = parseCommandArgs(verb, rest, optionOptions(program, verb) as typeof OPTIONS, verb === "option" ? 1 : 0, program);
  if (values.recursive === true && values.json === true) throw new UserError(`Cannot use --recursive with --json: --recursive prints each value below PATH as Nix`);
  const settings = evalSettings(options, values, io.env, (w) => io.stderr(`warning: ${w}\n`));
  return { values: { ...values, overrideInput: overrides, settings }, path: positionals[0] ?? "" };
}

/** Answers `verb` from `source`, printing to io.stdout; `recursive`: every value below `path` (option --recursive). */
async function answer(program: Program, verb: Verb, source: OptionSource, path: string, json: boolean, io: Io, recursive = false): Promise<number> {
  // A default or example that cannot be evaluated (a package the package set lacks) is shown as «error: …», and said.
  const failed = (m: string) => io.stderr(`warning: ${m}\n`);
  try {
    if (verb === "options") {
      if (json) io.stdout((await import("../../options-doc/options-json.ts")).optionsJson(source.options, failed) + "\n");
      else for (const doc of (await import("../../options-doc/option-doc-list.ts")).optionDocList(source.options, failed)) if (doc.visible !== false && doc.visible !== "transparent" && !doc.internal) io.stdout(doc.name + "\n");
      if (source.noConfiguration !== undefined && !json) io.stderr(`note: the options of ${program}'s own modules: ${source.noConfiguration}\n`);
      return 0;
    }
    const { parseOptionPath } = await import("../../options-doc/parse-option-path.ts");
    if (recursive) {
      if (source.noConfiguration !== undefined) throw new UserError(`Cannot show the values below \`${path}': ${source.noConfiguration}`);
      const { recursiveValues } = await import("../../options-doc/recursive-values.ts");
      for (const line of recursiveValues(source.config(), parseOptionPath(path))) io.stdout(line + "\n");
      return 0;
    }
    const { findOption } = await import("../../options-doc/find-option.ts");
    const { optionReport } = await import("../../options-doc/option-report.ts");
    const { renderOptionJson, renderOptionText } = await import("../../options-doc/render-option.ts");
    const report = optionReport(findOption(source.options, parseOptionPath(path), `${program} option`), source.noConfiguration, failed);
    io.stdout(json ? renderOptionJson(report) : renderOptionText(report));
    return 0;
  } catch (e) {
    throw source.userErrors?.(e) ?? e;
  }
}

/** `system-manager option` and `system-manager options`. */
export function systemOptionCommand(verb: Verb) {
  return async (argv: readonly string[], io: Io): Promise<number> => {
    const { values, path } = parse("system-manager", verb, argv, io);
    if (values.help === true) {
      io.stdout(optionHelp("system-manager", verb));
      return 0;
    }
    const { systemOptionSource } = await import("./option-sources.ts");
    const source = await systemOptionSource(values, io, checkRoot(String((values as { root?: string }).root ?? "/"), io.cwd));
    return answer("system-manager", verb, source, path, values.json === true, io, values.recursive === true);
  };
}

/** `home-manager option` and `home-manager options`. */
export async function homeOptionCommand(verb: Verb, ctx: HomeCtx, argv: readonly string[]): Promise<number> {
  const { values, path } = parse("home-manager", verb, argv, ctx.io);
  if (values.help === true) {
    ctx.io.stdout(optionHelp("home-manager", verb));
    return 0;
  }
  const { homeOptionSource } = await import("./option-sources.ts");
  const flake = typeof values.flake === "string" ? (await import("../default-flake.ts")).expandHome(values.flake, ctx.io) : undefined;
  const home = { ...values, flake, config: typeof values.config === "string" ? values.config : undefined, impure: values.impure === true, offline: values.offline === true };
  return answer("home-manager", verb, await homeOptionSource(ctx, home), path, values.json === true, ctx.io, values.recursive === true);
}
