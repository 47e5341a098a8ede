// `nixos-render-docs options commonmark`: one section per option (its
// name as a heading, the description as written, then Type, Default,
// Example, related packages and Declared by, emphasised as labels), the
// page nixosOptionsDoc's optionsCommonMark is.
import { declaration, descriptionText, optionValue, sortedOptions } from "./options.mjs";

function fenced(code) {
  const fence = "`".repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${fence}nix\n${code}\n${fence}`;
}

function inlineCode(code) {
  const ticks = "`".repeat(Math.max(1, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const pad = code.startsWith("`") || code.endsWith("`") ? " " : "";
  return `${ticks}${pad}${code}${pad}${ticks}`;
}

function value(v, what, name) {
  const shown = optionValue(v, what, name);
  if (shown.markdown !== undefined) return shown.markdown;
  return shown.code.includes("\n") ? fenced(shown.code) : inlineCode(shown.code);
}

/** The Markdown of one option. */
export function optionSection(name, opt) {
  const parts = [`## ${name.replace(/([\\`*_<>[\]])/g, "\\$1")}`, descriptionText(opt.description).trim(), `*Type:*\n${opt.type ?? "unspecified"}`];
  if (opt.readOnly === true) parts.push("*Read only*");
  if (opt.default !== undefined) parts.push(`*Default:*\n${value(opt.default, "default", name)}`);
  if (opt.example !== undefined) parts.push(`*Example:*\n${value(opt.example, "example", name)}`);
  if (typeof opt.relatedPackages === "string" && opt.relatedPackages !== "") parts.push(`*Related packages:*\n${opt.relatedPackages.trimEnd()}`);
  const decls = (opt.declarations ?? []).map(declaration);
  if (decls.length > 0) parts.push(`*Declared by:*\n${decls.map((d) => (d.url === undefined ? ` - ${inlineCode(d.name)}` : ` - [${inlineCode(d.name)}](${d.url})`)).join("\n")}`);
  return parts.filter((p) => p !== "").join("\n\n");
}

/** The whole document. */
export function renderCommonMark(json) {
  return sortedOptions(json).map(([name, opt]) => `${optionSection(name, opt)}\n\n`).join("");
}
