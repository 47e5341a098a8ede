/**
 * The build's view of `systemd.units` (pure): the entries NixOS derives
 * there from the other kinds (src/modules/system/systemd/derived-units.ts)
 * are those kinds' own units, rendered from them; so for a name a kind
 * defines, only the install options a configuration adds under
 * `systemd.units` are kept (its text is left out: never rendered twice,
 * and the kind's unit is the one written).
 */
import { force, NixAttrs, type Lazy } from "../../nix/value.ts";
import { withoutHomeManagerUnits } from "../home-manager-units.ts";

export const DERIVED_KINDS = ["service", "socket", "timer", "path", "target", "slice"] as const;

/**
 * `systemd` (a NixAttrs) with the derived units left out: an entry only the derivation defines is dropped unread (its
 * install options are the kind's own), one the configuration adds to keeps them without the derived text, but for
 * the names whose text the configuration also defines (`ownText`): read, that one conflicts with the derived one.
 */
export function withoutDerivedTexts(systemd: Lazy, definedIn: (path: readonly string[]) => readonly string[]): Lazy {
  const s = force(systemd);
  if (!(s instanceof NixAttrs) || !s.has("units")) return s;
  const kindNames = new Set<string>();
  for (const kind of DERIVED_KINDS) {
    const defs = s.has(`${kind}s`) ? force(s.lazy(`${kind}s`) as Lazy) : undefined;
    if (defs instanceof NixAttrs) for (const attr of defs.keys()) kindNames.add(`${attr}.${kind}`);
  }
  const own = (path: readonly string[]) => definedIn(path).some((f) => f !== DERIVED_UNITS_FILE);
  const units = force(s.lazy("units") as Lazy) as NixAttrs;
  const kept = new Map<string, Lazy>();
  for (const name of units.keys()) {
    const unit = units.lazy(name) as Lazy;
    if (!kindNames.has(name) || own(["systemd", "units", name, "text"])) kept.set(name, unit);
    else if (own(["systemd", "units", name])) kept.set(name, new NixAttrs(new Map((force(unit) as NixAttrs).map).set("text", null)));
  }
  return new NixAttrs(new Map(s.map).set("units", new NixAttrs(kept)));
}

/** The file the derived units are defined in (src/modules/system/systemd/derived-units.ts's `_file`). */
export const DERIVED_UNITS_FILE = "system-manager/modules/systemd/derived-units.ts";

/**
 * `systemd` as the build reads it: derived units left out (before Home Manager's own services are, so theirs are too),
 * then those services. `definedIn(path)`: the files defining an option path (definitionSites).
 */
export function systemdForBuild(cfg: NixAttrs, definedIn: (path: readonly string[]) => readonly string[]): Lazy {
  return withoutHomeManagerUnits(new NixAttrs(new Map(cfg.map).set("systemd", withoutDerivedTexts(cfg.lazy("systemd") as Lazy, definedIn))));
}
