/**
 * nixpkgs' `writers.writeNginxConfig` formatting, which NixOS's nginx.conf
 * goes through: every line loses its leading blanks and is indented with
 * one tab per open brace (a line opening a block is indented as its
 * parent), then lines holding only blanks are dropped.
 */
export function formatNginxConf(text: string): string {
  let depth = 0;
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/^[ \t]+/, "");
    let skip = 0;
    if (line.includes("{")) {
      depth++;
      skip = 1;
    }
    if (line.includes("}")) depth--;
    const indented = "\t".repeat(Math.max(0, depth - skip)) + line;
    if (!/^\s*$/.test(indented)) out.push(indented);
  }
  return out.map((l) => l + "\n").join("");
}
