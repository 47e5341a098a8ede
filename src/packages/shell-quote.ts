/**
 * A string as one POSIX shell word, always single-quoted (a `'` inside is
 * written '\''): for the commands the package launcher sends its shells
 * and the wrapper scripts package outputs carry.
 */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
