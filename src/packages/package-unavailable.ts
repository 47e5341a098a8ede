/**
 * A package the configuration names that no provider can give: Debian does
 * not package it, no archive has it, its dependencies cannot be satisfied,
 * Nix's nixpkgs has no such attribute. It is about that one attribute, so
 * a build does not stop at the first: the package session records it and
 * goes on (package-session.ts), and the build reports every one it found
 * together, each at the place the configuration selected it.
 */
import type { Span } from "../diagnostics/location.ts";
import { UserError } from "../diagnostics/user-error.ts";

export class PackageUnavailable extends UserError {
  constructor(message: string, location?: Span) {
    super(message, location);
  }

  /** The same error placed at `site` (where the configuration selected the package), unless it has a place already. */
  at(site: Span | undefined): PackageUnavailable {
    return site === undefined || this.location !== undefined ? this : new PackageUnavailable(this.message, site);
  }

  /** The same error naming the options whose value holds the package (three of them). */
  heldBy(found: readonly string[]): PackageUnavailable {
    // A module's own package option (`programs.zellij.package`) first: the lists holding it (`home.packages`) follow from it.
    const own = (o: string) => (o.endsWith(".package") ? 0 : 1);
    const options = [...found].sort((a, b) => own(a) - own(b));
    const items = options.slice(0, 3).map((o) => `\`${o}'`);
    if (options.length > 3) items.push(`${options.length - 3} more`);
    const list = items.length === 1 ? items[0] : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
    return new PackageUnavailable(this.message, this.location).withContext(`in the value of the option${options.length === 1 ? "" : "s"} ${list}`);
  }
}
