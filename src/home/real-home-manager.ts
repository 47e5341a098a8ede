/**
 * The bridge from nix-community/home-manager's own evaluation (a flake's
 * `home-manager.lib.homeManagerConfiguration { pkgs; modules; }`, run as
 * is with the real lib) to our home generation: its evaluated `config` is
 * read, its activation package (a Nix-based script) never. Read:
 * `home.file` (every xdg.* and program file lands there; systemd user
 * units too, under .config/systemd/user), `home.activation` in
 * home-manager's own order (lib.hm.dag.topoSort), the session variables
 * (home-manager's own hm-session-vars.sh, placed in the profile directory
 * when that is inside the home) and `home.packages`.
 *
 * home-manager's core activation entries are ours, never run as scripts:
 * checkLinkTargets (our plan's collision check), writeBoundary (ours),
 * checkFilesChanged and onFilesChange (our plan's changed files and the
 * onChange hooks), linkGeneration (our in-process linking),
 * installPackages (the profile is a home file; see above) and
 * reloadSystemd (units are home files; starting them is the activation
 * engine's). Every other entry runs as its script says, with
 * home-manager's shell helpers defined (the engine's activation-helpers.ts).
 */
import { posix } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { ActivationStep } from "../build/activation-dag.ts";
import { homeGenerationSpec, type HomeContent } from "../build/home-generation.ts";
import type { SourceReader } from "../build/generation-spec.ts";
import { toJS } from "../nix/js-value.ts";
import { force, NixAttrs, NixFunction, stringText, isString, type Lazy } from "../nix/value.ts";

/** home-manager's own activation entries, each done by our build or engine (see above). */
export const CORE_ACTIVATION = new Set(["checkFilesChanged", "checkLinkTargets", "writeBoundary", "installPackages", "linkGeneration", "onFilesChange", "reloadSystemd"]);

/** Whether `v` is what the real `homeManagerConfiguration` returns (a home-manager module evaluation). */
export function isRealHomeManager(v: NixAttrs): boolean {
  const cls = v.get("class");
  return v.has("activationPackage") && v.has("config") && cls !== undefined && isString(cls) && stringText(cls) === "homeManager";
}

/**
 * Whether `config` is a real home-manager evaluation's (a NixOS-module
 * user's `home-manager.users.<name>`): it has home-manager's own
 * `home.activationPackage`, which our home modules do not declare.
 */
export function isRealHomeConfig(config: NixAttrs): boolean {
  const home = config.has("home") ? force(config.lazy("home") as Lazy) : undefined;
  return home instanceof NixAttrs && home.has("activationPackage") && home.has("sessionVariablesPackage");
}

/**
 * What of a real home-manager configuration the build reads and so must
 * realise first: `home.file`, `home.packages` and the activation entries
 * that run as scripts — never the core entries we do ourselves, whose
 * scripts name home-manager's own activation package.
 */
export function realHomeReferences(config: NixAttrs): Lazy[] {
  const home = attrs(config.lazy("home"), "home");
  const activation = attrs(home.lazy("activation"), "home.activation");
  const scripts = activation.keys().filter((k) => !CORE_ACTIVATION.has(k)).map((k) => activation.lazy(k) as Lazy);
  return [home.lazy("file") as Lazy, home.lazy("packages") as Lazy, ...scripts];
}

const attrs = (v: Lazy | undefined, what: string): NixAttrs => {
  const x = v === undefined ? undefined : force(v);
  if (!(x instanceof NixAttrs)) throw new UserError(`home-manager's configuration has no ${what}`);
  return x;
};

/** The activation steps in home-manager's order, its core entries marked as ours. */
function activationSteps(config: NixAttrs, home: NixAttrs): ActivationStep[] {
  const dag = attrs(attrs(config.lazy("lib"), "lib").lazy("dag"), "lib.dag");
  const sorted = force((force(dag.lazy("topoSort") as Lazy) as NixFunction).call(home.lazy("activation") as Lazy)) as NixAttrs;
  const result = sorted.get("result");
  if (!Array.isArray(result)) {
    throw new UserError(`Dependency cycle in activation script: ${JSON.stringify(toJS(sorted))}`);
  }
  return result.map((e: Lazy) => {
    const entry = force(e) as NixAttrs;
    const name = String(toJS(entry.lazy("name") as Lazy));
    if (CORE_ACTIVATION.has(name)) return { name, data: "", builtin: true };
    const data = String(toJS(entry.lazy("data") as Lazy));
    return { name, data: data.trim() === "" ? "" : data, builtin: false };
  });
}

export interface RealHomeOptions {
  readonly user: string;
  readonly readSource: SourceReader;
}

/** The home generation of a real home-manager evaluation's `config`. */
export function realHomeContent(config: NixAttrs, opts: RealHomeOptions): HomeContent {
  const home = attrs(config.lazy("home"), "home");
  const homeDirectory = String(toJS(home.lazy("homeDirectory") as Lazy));
  const files: Record<string, unknown> = {};
  // home-manager accepts targets such as "./.zshrc" (relative to the home); ours are normalized.
  for (const [k, f] of Object.entries(toJS(home.lazy("file") as Lazy) as Record<string, Record<string, unknown>>)) {
    files[k] = typeof f.target === "string" && f.target.startsWith("./") ? { ...f, target: posix.normalize(f.target) } : f;
  }
  const sessionVars = attrs(home.lazy("sessionVariablesPackage"), "home.sessionVariablesPackage");
  const sessionText = String(toJS(sessionVars.lazy("text") as Lazy));
  const profileDirectory = String(toJS(home.lazy("profileDirectory") as Lazy));
  const sessionFile = `${profileDirectory}/etc/profile.d/hm-session-vars.sh`;
  // The profile's hm-session-vars.sh (home-manager's shells source it there) is a home file when the profile is in the home.
  if (profileDirectory.startsWith(`${homeDirectory}/`)) {
    const target = sessionFile.slice(homeDirectory.length + 1);
    files[`system-manager-profile:${target}`] = { enable: true, target, text: sessionText, source: String(toJS(sessionVars.lazy("outPath") as Lazy)), executable: null, recursive: false, force: false, onChange: "" };
  }
  const spec = {
    home: {
      username: toJS(home.lazy("username") as Lazy),
      homeDirectory,
      uid: home.has("uid") ? toJS(home.lazy("uid") as Lazy) : null,
      stateVersion: toJS(home.lazy("stateVersion") as Lazy),
      file: files,
      sessionVariablesFile: sessionFile,
      textFiles: [],
      linkFarms: {},
    },
  };
  return homeGenerationSpec(opts.user, spec, opts.readSource, { activation: activationSteps(config, home) });
}
