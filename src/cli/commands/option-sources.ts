/**
 * The option tree `option` and `options` read, from the configuration
 * `switch` would use. system-manager: --flake DIR[#NAME] (its
 * systemConfigs, the hostname then "default"), --config FILE.ts, or the
 * flake in ~/.config/system-manager. home-manager: --flake DIR[#NAME]
 * (homeConfigurations."$USER@$HOSTNAME", then "$USER"; a real
 * home-manager's own evaluation when the flake's is the real one),
 * --config FILE.ts, or ~/.config/home-manager/home.config.ts. With none
 * found, the options of our own modules alone, and why no value is shown.
 */
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Io } from "../io.ts";
import type { ConfigArgs } from "../load-config.ts";
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../../nix/value.ts";
import type { HomeArgs, HomeCtx } from "../home-manager/home-build.ts";

export interface OptionSource {
  /** The evaluation's `options`. */
  readonly options: NixAttrs;
  /** The evaluation's `config` (what `option --recursive` walks), read when asked for. */
  readonly config: () => Value;
  /** Why no value is shown: no configuration was evaluated. */
  readonly noConfiguration?: string;
  /** A TypeScript configuration's: what its own code threw, as a UserError at its line. */
  readonly userErrors?: (e: unknown) => unknown;
}

/** Where evaluation warnings go, and the command an unknown option's error names. */
async function channels(settings: ConfigArgs["settings"], io: Io, command: string): Promise<void> {
  const { DEFAULT_EVAL_SETTINGS, warningChannel } = await import("../eval-settings.ts");
  (await import("../../module-system/warnings.ts")).registerWarningChannel(warningChannel(settings ?? DEFAULT_EVAL_SETTINGS, io.stderr));
  (await import("../../module-system/unknown-option.ts")).registerOptionCommand(command);
}

/** system-manager's: the configuration of --flake or --config (or the default flake), evaluated as the build evaluates it. */
export async function systemOptionSource(values: ConfigArgs, io: Io, root: string): Promise<OptionSource> {
  const { withDefaultFlake, DEFAULT_FLAKE } = await import("../default-flake.ts");
  const { evaluateSystem } = await import("../../build/evaluate-system.ts");
  await channels(values.settings, io, "system-manager option");
  const chosen = withDefaultFlake(values, io);
  if (chosen.flake === undefined && chosen.config === undefined) {
    const why = `no configuration was given (--flake DIR[#NAME] or --config FILE) and ${DEFAULT_FLAKE} has no flake.nix`;
    const { evaluation } = evaluateSystem([]);
    return { options: evaluation.options, config: () => evaluation.config, noConfiguration: why };
  }
  const { loadConfig, withUserErrors } = await import("../load-config.ts");
  const config = await loadConfig(chosen, io, root);
  const evaluation = await withUserErrors(config, async () => evaluateSystem(config.modules, config.specialArgs, undefined, config.pkgsFor).evaluation);
  return { options: evaluation.options, config: () => evaluation.config, ...(config.userErrors !== undefined ? { userErrors: config.userErrors } : {}) };
}

/** home-manager's: the home of --flake or --config (or ~/.config/home-manager/home.config.ts), as the home build evaluates it. */
export async function homeOptionSource(ctx: HomeCtx, values: HomeArgs): Promise<OptionSource> {
  await channels(values.settings, ctx.io, "home-manager option");
  if (values.flake !== undefined) {
    const { loadFlakeHome } = await import("../../flake/flake-home.ts");
    const { flakeSettings } = await import("../load-config.ts");
    const { flakeLockOptions } = await import("../flake-args.ts");
    const { homeStoreRoot } = await import("../home-manager/home-build.ts");
    const lock = await flakeLockOptions(values, ctx.io, await homeStoreRoot(ctx));
    const home = await loadFlakeHome(values.flake, { cwd: ctx.io.cwd, user: ctx.user, hostname: hostname(), warn: (w) => ctx.io.stderr(`warning: ${w}\n`), impure: values.impure === true, lock, ...(await flakeSettings(values.settings, ctx.io)) });
    if (home.realOptions !== undefined) return { options: force(home.realOptions) as NixAttrs, config: () => home.realConfig as NixAttrs };
    return await standInOptions(ctx, home.modules, home.specialArgs);
  }
  const { configFile } = await import("../home-manager/home-build.ts");
  const file = configFile(ctx, values.config);
  if (values.config === undefined && !existsSync(file)) {
    const why = `no configuration was given (--flake DIR#NAME or --config FILE) and ${join("~", ".config/home-manager/home.config.ts")} does not exist`;
    return { ...(await standInOptions(ctx, [], {})), noConfiguration: why };
  }
  const { loadConfig, withUserErrors } = await import("../load-config.ts");
  const config = await loadConfig({ config: file }, ctx.io);
  const source = await withUserErrors(config, () => standInOptions(ctx, config.modules, {}));
  return { ...source, ...(config.userErrors !== undefined ? { userErrors: config.userErrors } : {}) };
}

/** Our home modules' evaluation of `modules`, as the standalone home build makes it (src/home/standalone-home.ts). */
async function standInOptions(ctx: HomeCtx, modules: readonly Lazy[], specialArgs: Readonly<Record<string, Lazy>>): Promise<OptionSource> {
  const { evalModules } = await import("../../module-system/eval-modules.ts");
  const { homeModules } = await import("../../modules/home/index.ts");
  const { packageSet } = await import("../../packages/package-set.ts");
  const { lazyFromJS } = await import("../../nix/js-value.ts");
  const { EvalStore } = await import("../../nix/eval-store.ts");
  const { STORE_DIR } = await import("../../store/store-path.ts");
  const { hostSystem } = await import("../host.ts");
  const base = lazyFromJS({ _file: "home-manager/standalone", home: { username: ctx.user, homeDirectory: ctx.home } });
  const store = new EvalStore(STORE_DIR);
  const pkgs = new Thunk(() => packageSet(hostSystem, undefined, store), "pkgs");
  const evaluation = evalModules({ modules: [...homeModules, base, ...modules], specialArgs: { pkgs, ...specialArgs }, class: "homeManager" });
  return { options: evaluation.options, config: () => evaluation.config };
}
