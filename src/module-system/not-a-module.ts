/**
 * nixpkgs' error for a value given as a module that is something else
 * tagged with `_type` (a flake, an evaluated configuration, …), in its
 * words: which value, where it was being loaded, and for a configuration
 * or a flake what to import instead. Emphasis is written as nixpkgs
 * writes it (ANSI escapes); the error renderer keeps or drops them.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { showOption, type OptionPath } from "./option-path.ts";

const ESC = "\u001b";
const warn = (s: string) => `${ESC}[1;35m${s}${ESC}[0m`;
const good = (s: string) => `${ESC}[1;32m${s}${ESC}[0m`;
const code = (s: string) => `${ESC}[1m${s}${ESC}[0m`;

/** nixpkgs' escapeNixString: the text as a Nix string literal. */
function escapeNixString(s: string): string {
  return JSON.stringify(s).replace(/\$/g, "\\$");
}

function flakeHint(expectedClass: string | undefined): string {
  const lines = [
    "Perhaps you forgot to select an attribute name?",
    "Instead of, for example,",
    `    ${warn("inputs.someflake")}`,
    "you need to write something like",
    `    ${warn("inputs.someflake")}${good(expectedClass === undefined ? ".modules.someApp.default" : `.modules.${expectedClass}.default`)}`,
  ];
  if (expectedClass === "nixos" || expectedClass === "darwin") lines.push("or", `    ${warn("inputs.someflake")}${good(`.${expectedClass}Modules.default`)}`);
  return lines.join("\n");
}

const CONFIGURATION_HINT = [
  "If you really mean to import this configuration, instead please only import the modules that make up the configuration.",
  "You may have to create a `let` binding, file or attribute to give yourself access to the relevant modules.",
  "While loading a configuration into the module system is a very sensible idea, it can not be done cleanly in practice.",
].join("\n");

export function notAModule(type: string, fallbackFile: string, expectedClass: string | undefined, prefix: OptionPath): UserError {
  const intoFile = fallbackFile === "<unknown-file>" ? "" : `, while trying to load a module into ${fallbackFile}`;
  const intoPrefix = prefix.length === 0 ? "" : `, while trying to load a module into ${code(showOption(prefix))}`;
  const paragraphs = [
    `Expected a module, but found a value of type ${warn(escapeNixString(type))}${intoFile}${intoPrefix}.\n` +
      `A module is typically loaded by adding it to the ${code("imports = [ ... ];")} attribute of an existing module, or in the ${code("modules = [ ... ];")} argument of various functions.\n` +
      "Please make sure that each of the list items is a module, and not a different kind of value.",
  ];
  if (type === "configuration") paragraphs.push(CONFIGURATION_HINT);
  if (type === "flake") paragraphs.push(flakeHint(expectedClass));
  return new UserError(paragraphs.join("\n\n"));
}
