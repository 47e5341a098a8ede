/**
 * `lib.maintainers` and `lib.teams` as open-ended sets. nixpkgs keeps
 * thousands of records; only documentation and package metadata read
 * them, so we do not copy those lists. Instead any name looked up gives a
 * plausible record of nixpkgs' shape (a maintainer `{ name; github;
 * githubId; }`, a team `{ shortName; members = [ ]; scope; }`). Listing
 * the names gives none; lookups of any name succeed.
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

export function maintainersSet(): NixAttrs {
  return new OpenAttrs([], (name) => attrs({ name, github: name, githubId: 0n }));
}

export function teamsSet(): NixAttrs {
  return new OpenAttrs([], (name) => attrs({ shortName: name, members: [], scope: `The ${name} team.`, githubTeams: [] }));
}

export type { Value };
