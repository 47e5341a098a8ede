/**
 * `attrTag { name = mkOption …; … }`: a value is a set with exactly one
 * attribute, its tag, whose value is merged as that tag's option. Two
 * declarations of an attrTag merge: their tags are united, and a tag both
 * declare merges its option declarations (mergeOptionDecls), as nixpkgs'
 * attrTag functor does.
 */
import { force, NixAttrs, typeTag, type Lazy } from "../../nix/value.ts";
import { nixThrow } from "../../nix/expect.ts";
import { compareNames } from "../../nix/attrs-layout.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { EvaluatedOption } from "../evaluated-option.ts";
import { mergeOptionDecls, type DeclarationSource, type OptionDeclaration } from "../option-declaration.ts";
import { escapeNixIdentifier, showFiles, showOption, type OptionPath } from "../option-path.ts";
import { typeValue, type OptionType } from "./option-type.ts";

/** Each tag's option declarations (one per attrTag declaring it). */
type Tags = ReadonlyMap<string, readonly DeclarationSource[]>;

const tagsOf = new WeakMap<OptionType, Tags>();

/** The tags of an attrTag type written in Nix: each must be an option. */
export function attrTagFromOptions(tags: NixAttrs): OptionType {
  const out = new Map<string, DeclarationSource[]>();
  for (const n of tags.keys()) {
    const pos = tags.posOf(n);
    const where = pos === undefined ? "" : ` at ${pos.file}:${pos.line}:${pos.column}`;
    try {
      const opt = force(tags.lazy(n) as Lazy);
      if (typeTag(opt) !== "option") {
        const tag = typeTag(opt);
        const what = tag === undefined ? "was not." : tag === "option-type" ? "was a bare type, not wrapped in mkOption." : `was of type ${JSON.stringify(tag)}.`;
        nixThrow(`In attrTag, each tag value must be an option, but tag ${escapeNixIdentifier(n)} ${what}`);
      }
      out.set(n, [{ file: pos?.file ?? "<attrTag {...}>", ...(pos === undefined ? {} : { pos }), value: opt as NixAttrs }]);
    } catch (e) {
      if (e instanceof UserError) e.withContext(`while checking that attrTag tag ${escapeNixIdentifier(n)} is an option with a type${where}`);
      throw e;
    }
  }
  return attrTag(out);
}

export function attrTag(tags: Tags): OptionType {
  const names = [...tags.keys()].sort(compareNames);
  const choices = names.map(escapeNixIdentifier).join(", ");
  const decls = new Map<string, OptionDeclaration>();
  const declOf = (loc: OptionPath, n: string) => {
    let d = decls.get(n);
    if (d === undefined) decls.set(n, (d = mergeOptionDecls(loc, tags.get(n) as readonly DeclarationSource[])));
    return d;
  };
  const self: OptionType = {
    name: "attrTag",
    description: `attribute-tagged union with choices: ${choices}`,
    descriptionClass: "noun",
    check: (v) => v instanceof NixAttrs && v.size === 1 && tags.has(v.keys()[0] as string),
    merge: (loc, defs) => {
      const choice = (force(defs[0]?.value as Lazy) as NixAttrs).keys()[0] as string;
      const files = showFiles(defs.map((d) => d.file));
      const valueDefs = defs.map((d) => {
        const set = force(d.value) as NixAttrs;
        const other = set.keys()[0] as string;
        if (other !== choice) nixThrow(`The option \`${showOption(loc)}\` is defined both as \`${choice}\` and \`${other}\`, in ${files}.`);
        return { file: d.file, value: set.lazy(choice) as Lazy };
      });
      if (!tags.has(choice)) {
        const c = escapeNixIdentifier(choice);
        nixThrow(`The option \`${showOption(loc)}\` is defined as ${c}, but ${c} is not among the valid choices (${choices}). Value ${choice} was defined in ${files}.`);
      }
      const decl = declOf([choice], choice);
      return NixAttrs.from({ [choice]: new EvaluatedOption({ ...decl, loc: [...loc, choice] }, valueDefs).value });
    },
    nestedTypes: {},
    getSubOptions: (prefix) => new NixAttrs(new Map(names.map((n) => [n, tagOption(tags.get(n) as readonly DeclarationSource[], declOf([n], n), [...prefix, n])]))),
    typeMerge: (other) => {
      const theirs = tagsOf.get(other);
      if (theirs === undefined) return undefined;
      const merged = new Map<string, readonly DeclarationSource[]>(tags);
      for (const [n, ds] of theirs) merged.set(n, [...(tags.get(n) ?? []), ...ds]);
      return attrTag(merged);
    },
  };
  tagsOf.set(self, tags);
  return self;
}

/** A tag as the option documentation sees it: its declarations' fields, merged type, and every declaration's site. */
function tagOption(sources: readonly DeclarationSource[], decl: OptionDeclaration, loc: OptionPath): NixAttrs {
  const fields = sources.reduce((acc: NixAttrs, s) => acc.update(s.value), NixAttrs.empty);
  return fields.update(
    NixAttrs.from({
      loc: [...loc],
      type: typeValue(decl.type),
      declarations: sources.map((s) => s.file),
      declarationPositions: sources.flatMap((s) => (s.pos === undefined ? [] : [NixAttrs.from({ file: s.pos.file, line: BigInt(s.pos.line), column: BigInt(s.pos.column) })])),
    }),
  );
}
