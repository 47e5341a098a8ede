/**
 * `system-manager switch`: build the configuration (or take a generation
 * built already, --store-path P, or a numbered one, --generation N) and
 * activate it on --root. `--dry-run` prints the plan that switch would
 * apply and changes nothing; `--ephemeral` puts /etc's entries under /run,
 * gone at the next boot. The generation's own engine activates it, in
 * this process when that engine is ours (own-engine.ts).
 */
import type { Io } from "../io.ts";
import { FLAKE_INPUT_HELP } from "../flake-args.ts";
import { viaSudo } from "../privileges.ts";
import { EVAL_SETTINGS_HELP } from "../eval-settings.ts";
import { targetCommand } from "./target-args.ts";
import { runRemotely } from "../remote-args.ts";

const HELP = `Usage: system-manager switch (--config FILE | --flake DIR[#NAME] | --store-path P | --generation N) [--root DIR] [--dry-run] [--sudo]
         [--ephemeral] [--impure] [--no-eval-cache] [--repair]
         [--option NAME VALUE]... [--abort-on-warn] [--max-call-depth N] [--show-trace]
         [--target-host [USER@]HOST[:PORT] [--ssh-option OPT]...]

Builds the configuration and activates it: users and groups, home
directories, /etc, and a new generation. Without a configuration, the
flake in ~/.config/system-manager (as 'init' writes it). --store-path activates a
generation built already (as build prints it, or a link to it);
--generation N one of the profile's. --dry-run prints the plan and
changes nothing. --sudo builds as you and activates through sudo.
--ephemeral writes /etc's entries under /run (units in /run/systemd/system,
tmpfiles.d in /run/tmpfiles.d, the rest in /run/etc), so they are gone
after a reboot; users, homes, the state and the units' job scripts
(run from /etc/systemd/system/system-manager-scripts) persist.
--impure lets a flake read paths outside its own and its inputs' trees.
An unchanged configuration is not evaluated again (the evaluation cache);
--no-eval-cache evaluates anyway. --repair evaluates and rewrites the
store paths the generation needs that are damaged (as nix --repair).
With --target-host [USER@]HOST[:PORT] (and --ssh-option OPT, repeatable),
the generation is built here, only the store paths HOST lacks are copied
there over ssh, and its own engine activates it there (through sudo with
--sudo; --root is then HOST's root).

${EVAL_SETTINGS_HELP}
${FLAKE_INPUT_HELP}`;

/** switch's options beside TARGET_OPTIONS (shell completion reads them too). */
export const SWITCH_EXTRA = { repair: { type: "boolean" }, generation: { type: "string" }, ephemeral: { type: "boolean" } } as const;

export async function switchCommand(argv0: readonly string[], io: Io): Promise<number> {
  const argv = await runRemotely("switch", argv0, io);
  if (typeof argv === "number") return argv;
  const c = await targetCommand("switch", argv, SWITCH_EXTRA, HELP, io, "refuse");
  if (c === undefined) return 0;
  const { values, root, sudo, target, importFrom } = c;
  const request = { root, target, sudo, importFrom, dryRun: values["dry-run"] === true, ephemeral: values.ephemeral === true };
  // A generation carrying this CLI's own engine is activated here: the same code, without a second Node start.
  const code =
    !viaSudo(sudo) && request.importFrom === undefined && (await import("../own-engine.ts")).isOwnEngine(root, target)
      ? await (await import("../activate-here.ts")).activateHere(request, io)
      : // Only here is another process started (child_process and what it loads: not on a no-op activated here).
        await (await import("../run-activation.ts")).runActivation(request, io);
  // What this switch built: the next one, answered by the evaluation cache, need not look its closure up.
  (await import("../../build/eval-cache/cached-build.ts")).noteBuiltClosures();
  return code;
}

export async function generationPath(root: string, spec: string): Promise<string> {
  const { RootFs } = await import("../../activate/root-fs.ts");
  const { listGenerations, findGeneration, parseGenerationNumber } = await import("../../activate/generations.ts");
  const number = parseGenerationNumber(spec);
  return findGeneration(listGenerations(new RootFs(root), () => 0), number).storePath;
}
