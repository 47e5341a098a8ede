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
 *
 * Each applies only where the home-manager at hand declares its option.
 */
import { force, NixAttrs, NixFunction, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { lazyFromJS } from "../nix/js-value.ts";
import { MANUAL_OFF } from "./home-manual.ts";

const FILE = "system-manager (nushell integrations follow programs.nushell.enable)";

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

/** Its `config` is lazy: the module system reads a module's attributes before `options` exists. */
function nushellModule(args: Lazy): Value {
  const config = new Thunk(() => {
    const options = at(args, ["options"]) as Lazy;
    if (at(options, ["home", "shell", "enableNushellIntegration"]) === undefined) return NixAttrs.empty;
    const cfg = at(args, ["config"]) as Lazy;
    const value = new Thunk(() => isTrue(cfg, ["home", "shell", "enableShellIntegration"]) && isTrue(cfg, ["programs", "nushell", "enable"]), "enableNushellIntegration");
    const override = NixAttrs.from({ _type: "override", priority: 1000n, content: value });
    return NixAttrs.from({ home: NixAttrs.from({ shell: NixAttrs.from({ enableNushellIntegration: override }) }) });
  }, "config");
  return NixAttrs.from({ config });
}

const NUSHELL_WITH_NUSHELL: Lazy = NixAttrs.from({
  _file: FILE,
  imports: [new NixFunction(nushellModule, { names: new Map([["config", false], ["options", false]]), ellipsis: true }, "nushellWithNushell")],
});

/** The modules added to a real home-manager configuration, in order. */
export const HOME_DEFAULTS: readonly Lazy[] = [MANUAL_OFF, NUSHELL_WITH_NUSHELL];

/** `home-manager.sharedModules = HOME_DEFAULTS`, for a system whose users are homes of the real home-manager. */
export const HOME_DEFAULTS_FOR_USERS: Lazy = lazyFromJS({ _file: "system-manager (defaults for home-manager's users)", "home-manager": { sharedModules: HOME_DEFAULTS } });
