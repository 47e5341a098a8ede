/**
 * `pkgs`: the package set modules receive. `pkgs.<attr>` is a package
 * request named by its nixpkgs attribute; like a Nix derivation, its
 * `outPath` is known at evaluation time (input-addressed: a hash of what is
 * requested and for which system), and the package is realised into the
 * store by a provider when a generation is built.
 */
import { createHash } from "node:crypto";
import { NixAttrs, Thunk, type Lazy } from "../nix/value.ts";
import { nixBase32 } from "../store/nix-base32.ts";
import { STORE_DIR } from "../store/store-path.ts";

/** Where Debian's names differ from nixpkgs attribute names, and the main program when it is not the attribute name. */
const KNOWN: Readonly<Record<string, { readonly mainProgram?: string }>> = {
  ripgrep: { mainProgram: "rg" },
  fd: { mainProgram: "fd" },
  bat: { mainProgram: "bat" },
  vim: { mainProgram: "vim" },
  git: { mainProgram: "git" },
};

export function packageValue(attr: string, system: () => string): NixAttrs {
  const outPath = new Thunk(() => {
    const hash = nixBase32(createHash("sha256").update(`package\0${system()}\0${attr}`).digest().subarray(0, 20));
    return `${STORE_DIR}/${hash}-${attr}`;
  }, `pkgs.${attr}.outPath`);
  return NixAttrs.from({
    type: "derivation",
    name: attr,
    pname: attr,
    system: new Thunk(system),
    outPath,
    meta: NixAttrs.from({ mainProgram: KNOWN[attr]?.mainProgram ?? attr }),
  });
}

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;

/** A set whose every attribute that is a valid package name is a package (its keys cannot be listed). */
class PackageMap implements ReadonlyMap<string, Lazy> {
  readonly #system: () => string;
  readonly #cache = new Map<string, NixAttrs>();
  constructor(system: () => string) {
    this.#system = system;
  }
  get(name: string): Lazy | undefined {
    if (!IDENT.test(name)) return undefined;
    let p = this.#cache.get(name);
    if (p === undefined) this.#cache.set(name, (p = packageValue(name, this.#system)));
    return p;
  }
  has(name: string): boolean {
    return IDENT.test(name);
  }
  get size(): number {
    return this.#cache.size;
  }
  forEach(cb: (value: Lazy, key: string, map: ReadonlyMap<string, Lazy>) => void): void {
    this.#cache.forEach((v, k) => cb(v, k, this));
  }
  entries() {
    return this.#cache.entries();
  }
  keys() {
    return this.#cache.keys();
  }
  values() {
    return this.#cache.values();
  }
  [Symbol.iterator]() {
    return this.#cache.entries();
  }
}

export function packageSet(system: () => string): NixAttrs {
  return new NixAttrs(new PackageMap(system));
}
