/**
 * Whether a string may name a store path, with current Nix's reasons
 * (checkName): not empty, at most 211 characters, not "." or ".." (nor
 * starting with "." or ".." before a dash), and only letters, digits and
 * `+-._?=`.
 */

const MAX_NAME_LENGTH = 211;
const NAME_CHAR = /[0-9a-zA-Z+\-._?=]/;

/** Why `name` cannot name a store path, or undefined when it can. */
export function storeNameProblem(name: string): string | undefined {
  if (name === "") return "name must not be empty";
  if (name.length > MAX_NAME_LENGTH) return `name '${name}' must be no longer than ${MAX_NAME_LENGTH} characters`;
  if (name === "." || name === "..") return `name '${name}' is not valid`;
  for (const dots of ["..", "."]) {
    if (name.startsWith(`${dots}-`)) return `name '${name}' is not valid: first dash-separated component must not be '${dots}'`;
  }
  for (const c of name) if (!NAME_CHAR.test(c)) return `name '${name}' contains illegal character '${c}'`;
  return undefined;
}
