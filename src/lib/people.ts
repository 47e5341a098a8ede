/**
 * `lib.licenses`, `lib.maintainers` and `lib.teams` as open-ended sets.
 * nixpkgs keeps thousands of records; only documentation and package
 * metadata read them, so we do not copy those lists. Instead any name
 * looked up gives a plausible record of nixpkgs' shape (a license
 * `{ shortName; fullName; spdxId; free = true; redistributable = true;
 * deprecated = false; }`, a maintainer `{ name; github; githubId; }`,
 * a team `{ shortName; members = [ ]; scope; }`). Listing the names gives
 * the well-known ones only; lookups of any other name still succeed.
 */
import { NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { attrs } from "../nix/expect.ts";

/** A set whose every attribute exists: the names given are listed, any other is made on lookup. */
class OpenAttrs extends NixAttrs {
  readonly #make: (name: string) => Lazy;
  constructor(names: readonly string[], make: (name: string) => Lazy) {
    super(new Map(names.map((n) => [n, make(n)])));
    this.#make = make;
  }
  override lazy(name: string): Lazy | undefined {
    return super.lazy(name) ?? this.#make(name);
  }
  override has(_name: string): boolean {
    return true;
  }
}

const SPDX: Record<string, [string, string]> = {
  mit: ["MIT", "MIT License"],
  asl20: ["Apache-2.0", "Apache License 2.0"],
  bsd2: ["BSD-2-Clause", 'BSD 2-clause "Simplified" License'],
  bsd3: ["BSD-3-Clause", 'BSD 3-clause "New" or "Revised" License'],
  gpl2Only: ["GPL-2.0-only", "GNU General Public License v2.0 only"],
  gpl2Plus: ["GPL-2.0-or-later", "GNU General Public License v2.0 or later"],
  gpl3Only: ["GPL-3.0-only", "GNU General Public License v3.0 only"],
  gpl3Plus: ["GPL-3.0-or-later", "GNU General Public License v3.0 or later"],
  lgpl21Plus: ["LGPL-2.1-or-later", "GNU Lesser General Public License v2.1 or later"],
  lgpl3Plus: ["LGPL-3.0-or-later", "GNU Lesser General Public License v3.0 or later"],
  mpl20: ["MPL-2.0", "Mozilla Public License 2.0"],
  isc: ["ISC", "ISC License"],
  zlib: ["Zlib", "zlib License"],
  unlicense: ["Unlicense", "The Unlicense"],
};

function license(name: string): NixAttrs {
  const [spdxId, fullName] = SPDX[name] ?? [name, name];
  return attrs({
    shortName: name,
    fullName,
    spdxId,
    url: `https://spdx.org/licenses/${spdxId}.html`,
    free: name !== "unfree",
    redistributable: name !== "unfree",
    deprecated: false,
  });
}

export function licensesSet(): NixAttrs {
  return new OpenAttrs([...Object.keys(SPDX), "unfree", "free"], license);
}

/** The license whose spdxId is `id`, as `getLicenseFromSpdxIdOr` finds it (case-insensitively). */
export function licenseBySpdxId(id: string): NixAttrs | undefined {
  const hit = Object.keys(SPDX).find((k) => (SPDX[k] as [string, string])[0].toLowerCase() === id.toLowerCase());
  return hit === undefined ? undefined : license(hit);
}

/** `lib.licensesSpdx`: the known licenses by SPDX identifier. */
export function licensesBySpdx(): NixAttrs {
  return new NixAttrs(new Map(Object.keys(SPDX).map((k) => [(SPDX[k] as [string, string])[0], license(k)])));
}

export function maintainersSet(): NixAttrs {
  return new OpenAttrs([], (name) => attrs({ name, github: name, githubId: 0n }));
}

export function teamsSet(): NixAttrs {
  return new OpenAttrs([], (name) => attrs({ shortName: name, members: [], scope: `The ${name} team.`, githubTeams: [] }));
}

export type { Value };
