/**
 * The option paths a Tab offers after `option`: the names one level below
 * what the word names so far (`programs.gi` → `programs.git.`), a set of
 * options (or an option with options below it) ending with "." so the
 * next Tab goes on, a plain option without. Below an option whose names
 * are placeholders (`users.users.<name>`), the names the configuration
 * defines (`users.users.alice.`). Walks the tree as `option` does
 * (find-option.ts); a path that names nothing completes to nothing.
 */
import { force, NixAttrs, type Lazy, type Value } from "../../nix/value.ts";
import { showOptionPart } from "../../module-system/option-path.ts";
import { findOption, placeholders } from "../../options-doc/find-option.ts";
import { isOptionValue, locOf, subOptionsOf } from "../../options-doc/option-doc.ts";
import { parseOptionPath } from "../../options-doc/parse-option-path.ts";

/** `prefix` split after its last dot outside quotes: what is complete ("programs.") and the name being typed ("gi"). */
export function splitOptionPrefix(prefix: string): { parent: string; partial: string } {
  let last = -1;
  let quoted = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (c === "\\" && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === "." && !quoted) last = i;
  }
  return { parent: prefix.slice(0, last + 1), partial: prefix.slice(last + 1) };
}

/** Whether `v` (an option or a set of options) has names below it. */
function hasBelow(v: Value): boolean {
  if (!isOptionValue(v)) return v instanceof NixAttrs;
  const opt = v as NixAttrs;
  return subOptionsOf(opt, locOf(opt)).size > 0;
}

/** `f()`, or undefined when the evaluation fails (nothing is offered there). */
function guarded<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && !(e instanceof RangeError)) return undefined;
    throw e;
  }
}

/** Every completion one level below `parent` (as split by splitOptionPrefix), unfiltered. */
export function optionPathsBelow(options: NixAttrs, parent: string): string[] {
  const path = guarded(() => (parent === "" ? [] : parseOptionPath(parent)));
  const found = path === undefined ? undefined : guarded(() => findOption(options, path, "option"));
  if (found === undefined) return [];
  const entries: [string, boolean][] = [];
  if (found.kind === "set") {
    const set = (guarded(() => force(findSet(options, path as string[]))) ?? new NixAttrs(new Map())) as NixAttrs;
    for (const name of found.names) entries.push([name, guarded(() => hasBelow(force(set.lazy(name) as Lazy))) ?? false]);
  } else {
    const sub = guarded(() => subOptionsOf(found.option, locOf(found.option)));
    if (sub === undefined || sub.size === 0) return [];
    if (placeholders(found.option, sub) > 0) {
      // The names the configuration gives (alice for users.users.<name>); a list's indices.
      const value = found.instance === undefined ? undefined : guarded(() => force(found.instance?.lazy("value") as Lazy));
      const names = value instanceof NixAttrs ? value.keys() : Array.isArray(value) ? value.map((_, i) => String(i)) : [];
      for (const name of names) entries.push([name, true]);
    } else {
      for (const name of sub.keys()) if (name !== "_module") entries.push([name, guarded(() => hasBelow(force(sub.lazy(name) as Lazy))) ?? false]);
    }
  }
  return entries.map(([name, below]) => `${parent}${showOptionPart(name)}${below ? "." : ""}`);
}

/** The set of options `path` names (findOption said it is one), walked again for its members. */
function findSet(options: NixAttrs, path: readonly string[]): Lazy {
  let cur: Value = options;
  let i = 0;
  while (i < path.length) {
    if (isOptionValue(cur)) {
      const opt = cur as NixAttrs;
      const sub = subOptionsOf(opt, locOf(opt));
      i += placeholders(opt, sub);
      cur = sub;
      continue;
    }
    cur = force((cur as NixAttrs).lazy(path[i] as string) as Lazy);
    i++;
  }
  return cur;
}
