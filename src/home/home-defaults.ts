/**
 * The defaults system-manager adds to every real home-manager
 * configuration it builds (standalone through its `extendModules`, a
 * system's users through `home-manager.sharedModules`):
 *
 * - MANUAL_OFF (home-manual.ts): the manual page is not built.
 * - NUSHELL_WITH_NUSHELL: `home.shell.enableNushellIntegration` defaults to
 *   whether nushell itself is enabled (and shell integration is on), where
 *   home-manager defaults it to shell integration alone. What the nushell
 *   integrations write goes to `programs.nushell.*`, which makes no file
 *   unless nushell is enabled, so a home without nushell gets the same
 *   files; but fzf's module asserts fzf ≥ 0.73 whenever its nushell
 *   integration is on, a version no Debian release has yet, so without
 *   this every home enabling fzf would fail to build. A user who enables
 *   nushell (or sets the option) gets home-manager's behaviour, assertion
 *   included.
 * - FISH_COMPLETIONS_OFF: `programs.fish.generateCompletions` defaults to
 *   false. home-manager generates them from each package's manual pages
 *   with the generator fish carries inside itself (`status get-file`),
 *   which only a fish built with its data embedded has; Debian's (3.6 in
 *   12, 4.0 in 13) is not, so every home enabling fish would fail to
 *   build. fish still completes with its own completions and those the
 *   packages ship; a user who sets the option gets home-manager's builder.
 * - SWAY_CHECK_OFF: `wayland.windowManager.sway.checkConfig` defaults to
 *   false. home-manager validates the configuration by starting sway under
 *   xvfb-run in the build, which Debian's xvfb-run (needing awk and getopt
 *   from the host, and an X server and renderer sway can start on) cannot
 *   do there. sway itself reports a bad configuration when it reads it; a
 *   user who sets the option gets home-manager's check. (i3's check runs.)
 *
 * Each applies only where the home-manager at hand declares its option.
 */
import { force, NixAttrs, NixFunction, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { lazyFromJS } from "../nix/js-value.ts";
import { MANUAL_OFF } from "./home-manual.ts";

/** The value at `path` below `v`, or undefined where an attribute is missing. */
function at(v: Lazy, path: readonly string[]): Lazy | undefined {
  let cur: Lazy = v;
  for (const name of path) {
    const x = force(cur);
    if (!(x instanceof NixAttrs) || !x.has(name)) return undefined;
    cur = x.lazy(name) as Lazy;
  }
  return cur;
}

const isTrue = (v: Lazy, path: readonly string[]): boolean => {
  const x = at(v, path);
  return x !== undefined && force(x) === true;
};

/** `{ a.b.c = v; }` for `path` [a, b, c]. */
function nested(path: readonly string[], v: Lazy): NixAttrs {
  return path.reduceRight<NixAttrs>((inner, name) => NixAttrs.from({ [name]: inner }), v as NixAttrs);
}

/**
 * A module (`file` names it in messages) defining the option at `path` as
 * `value(config)` at mkDefault's priority, where the home-manager at hand
 * declares that option; its `config` is lazy, as the module system reads
 * a module's attributes before `options` exists.
 */
function defaultWhereDeclared(file: string, path: readonly string[], value: (cfg: Lazy) => boolean): Lazy {
  const module = (args: Lazy): Value => {
    const config = new Thunk(() => {
      if (at(at(args, ["options"]) as Lazy, path) === undefined) return NixAttrs.empty;
      const cfg = at(args, ["config"]) as Lazy;
      const content = new Thunk(() => value(cfg), path.join("."));
      return nested(path, NixAttrs.from({ _type: "override", priority: 1000n, content }));
    }, "config");
    return NixAttrs.from({ config });
  };
  return NixAttrs.from({ _file: file, imports: [new NixFunction(module, { names: new Map([["config", false], ["options", false]]), ellipsis: true }, file)] });
}

const NUSHELL_WITH_NUSHELL = defaultWhereDeclared(
  "system-manager (nushell integrations follow programs.nushell.enable)",
  ["home", "shell", "enableNushellIntegration"],
  (cfg) => isTrue(cfg, ["home", "shell", "enableShellIntegration"]) && isTrue(cfg, ["programs", "nushell", "enable"]),
);

const FISH_COMPLETIONS_OFF = defaultWhereDeclared("system-manager (Debian's fish cannot generate completions)", ["programs", "fish", "generateCompletions"], () => false);

const SWAY_CHECK_OFF = defaultWhereDeclared("system-manager (sway's configuration check needs an X server in the build)", ["wayland", "windowManager", "sway", "checkConfig"], () => false);

/** The modules added to a real home-manager configuration, in order. */
export const HOME_DEFAULTS: readonly Lazy[] = [MANUAL_OFF, NUSHELL_WITH_NUSHELL, FISH_COMPLETIONS_OFF, SWAY_CHECK_OFF];

/** `home-manager.sharedModules = HOME_DEFAULTS`, for a system whose users are homes of the real home-manager. */
export const HOME_DEFAULTS_FOR_USERS: Lazy = lazyFromJS({ _file: "system-manager (defaults for home-manager's users)", "home-manager": { sharedModules: HOME_DEFAULTS } });
