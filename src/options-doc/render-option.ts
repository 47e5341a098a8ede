/**
 * An option report as text, as nixos-option (and so `home-manager
 * option`) prints it: a set's names after "This attribute set contains:";
 * an option's sections, each a heading and its text indented by two
 * spaces, separated by blank lines: Value, Default, Type, Description,
 * Example, Read only (when it is), Declared by, Defined by. Or as JSON: an
 * option's options.json entry with its value and the files defining it.
 */
import type { OptionReport } from "./option-report.ts";
import { optionJsonEntry } from "./options-json.ts";

const indent = (text: string) => text.split("\n").map((l) => "  " + l).join("\n");

export function renderOptionText(r: OptionReport): string {
  if (r.kind === "set") return `This attribute set contains:\n${r.names.map((n) => n + "\n").join("")}`;
  const { doc, value } = r;
  const sections: [string, string][] = [["Value", "text" in value ? value.text : `(none shown: ${value.none})`]];
  if (doc.default !== undefined) sections.push(["Default", doc.default.text]);
  sections.push(["Type", doc.type]);
  if (doc.description !== null) sections.push(["Description", doc.description.replace(/\n$/, "")]);
  if (doc.example !== undefined) sections.push(["Example", doc.example.text]);
  if (doc.readOnly) sections.push(["Read only", "yes"]);
  sections.push(["Declared by", doc.declarations.join("\n")]);
  if ("text" in value) sections.push(["Defined by", value.files.join("\n")]);
  return sections.map(([h, t]) => `${h}:\n${indent(t)}`).join("\n\n") + "\n";
}

export function renderOptionJson(r: OptionReport): string {
  if (r.kind === "set") return JSON.stringify({ loc: r.path, names: r.names }) + "\n";
  const entry = optionJsonEntry(r.doc);
  const value = "text" in r.value ? { files: r.value.files, value: { _type: "literalExpression", text: r.value.text } } : { noValue: r.value.none, value: null };
  const all: Record<string, unknown> = { ...entry, ...value };
  return JSON.stringify(Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]]))) + "\n";
}
