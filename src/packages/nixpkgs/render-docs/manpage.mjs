// `nixos-render-docs options manpage`: the header file, then one entry
// per option (its name in bold, then indented: the description, type,
// default, example, related packages and the files declaring it), then
// the footer file. The page is man(7) roff.
import { parseBlocks } from "./markdown.mjs";
import { codeBlock, font, manEscape, renderBlocks, withoutLeadingSpace } from "./roff.mjs";
import { declaration, descriptionText, optionValue, sortedOptions } from "./options.mjs";

function value(v, what, name) {
  const shown = optionValue(v, what, name);
  if (shown.markdown !== undefined) return withoutLeadingSpace(renderBlocks(parseBlocks(shown.markdown)));
  const code = shown.code;
  return code.includes("\n") ? codeBlock(code).slice(1) : [font("B", manEscape(code))];
}

/** The roff lines of one option's entry. */
export function optionEntry(name, opt) {
  const out = [".PP", font("B", manEscape(name)), ".RS 4", ...withoutLeadingSpace(renderBlocks(parseBlocks(descriptionText(opt.description))))];
  out.push(".sp", font("I", "Type:"), manEscape(String(opt.type ?? "unspecified")));
  if (opt.readOnly === true) out.push(".sp", font("I", "Read only"));
  if (opt.default !== undefined) out.push(".sp", font("I", "Default:"), ...value(opt.default, "default", name));
  if (opt.example !== undefined) out.push(".sp", font("I", "Example:"), ...value(opt.example, "example", name));
  if (typeof opt.relatedPackages === "string" && opt.relatedPackages !== "") {
    out.push(".sp", font("I", "Related packages:"), ...renderBlocks(parseBlocks(opt.relatedPackages)));
  }
  const decls = (opt.declarations ?? []).map(declaration);
  if (decls.length > 0) {
    out.push(".sp", font("I", "Declared by:"), ".RS 4");
    decls.forEach((d, i) => out.push(...(i > 0 ? [".br"] : []), font("B", manEscape(d.name))));
    out.push(".RE");
  }
  out.push(".RE");
  return out;
}

const asLines = (text) => (text === "" || text.endsWith("\n") ? text : `${text}\n`);

/** The whole page. */
export function renderManpage(json, { header = "", footer = "" } = {}) {
  const body = sortedOptions(json).flatMap(([name, opt]) => optionEntry(name, opt));
  return asLines(header) + (body.length > 0 ? `${body.join("\n")}\n` : "") + asLines(footer);
}
