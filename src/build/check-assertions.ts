/**
 * Checks a configuration's `assertions` and collects its `warnings`, as
 * NixOS's top-level does: every failed assertion is reported at once
 * ("Failed assertions:"), each with the definition sites of the option path
 * it names (`loc`), when it names one.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { Evaluation } from "../module-system/eval-modules.ts";
import { definitionSites } from "../module-system/definition-sites.ts";
import { showSite } from "../module-system/definition.ts";
import { toJS } from "../nix/js-value.ts";
import type { Lazy } from "../nix/value.ts";

interface Assertion {
  assertion: boolean;
  message: string;
  loc?: string[];
}

export function checkAssertions(ev: Evaluation, userPrefix = ""): string[] {
  const config = ev.config;
  const assertions = toJS(config.lazy("assertions") as Lazy) as Assertion[];
  const failed = assertions.filter((a) => a.assertion !== true);
  if (failed.length > 0) {
    let location;
    const lines = failed.map((a) => {
      const sites = a.loc === undefined ? [] : definitionSites(ev.tree, a.loc);
      location ??= sites.find((s) => s.pos !== undefined)?.pos;
      const where = sites.length === 0 ? "" : `\n  (defined in ${[...new Set(sites.map((s) => "`" + showSite(s) + "'"))].join(", ")})`;
      return `- ${userPrefix}${a.message}${where}`;
    });
    throw new UserError(`\nFailed assertions:\n${lines.join("\n")}`, location);
  }
  return toJS(config.lazy("warnings") as Lazy) as string[];
}
