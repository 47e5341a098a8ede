/**
 * The manifest's part of `system-manager.preActivationAssertions`: the
 * enabled assertions by name (their script, and the files defining them,
 * for the error when one fails), but for `osVersion`, the distribution
 * check, which activation makes itself: `allowAnyDistro` in the manifest
 * says whether it is off (it is enabled unless system-manager.allowAnyDistro,
 * and may be disabled itself, as upstream's).
 */
import type { PreActivationAssertion } from "./manifest.ts";

export const OS_VERSION = "osVersion";

interface AssertionConfig {
  readonly enable: boolean;
  readonly name: string;
  readonly script?: string;
}

export function preActivationAssertions(
  assertions: Readonly<Record<string, AssertionConfig>>,
  definedIn: (key: string) => readonly string[],
): { readonly allowAnyDistro: boolean; readonly preActivationAssertions: readonly PreActivationAssertion[] } {
  const enabled = Object.keys(assertions)
    .sort()
    .filter((key) => key !== OS_VERSION && (assertions[key] as AssertionConfig).enable);
  return {
    allowAnyDistro: assertions[OS_VERSION]?.enable !== true,
    preActivationAssertions: enabled.map((key) => {
      const a = assertions[key] as AssertionConfig;
      // A module given as a value has no file (`<unknown-file>`): nothing to name.
      return { name: a.name, script: a.script as string, definedIn: definedIn(key).filter((f) => f !== "<unknown-file>") };
    }),
  };
}
