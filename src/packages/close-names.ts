/**
 * "Did you mean …": the names closest to a misspelt package name, by edit
 * distance (a transposition counts once), then names containing it.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

export function closeNames(name: string, candidates: Iterable<string>, limit = 5): string[] {
  const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    if (c === name || Math.abs(c.length - name.length) > max + 8) continue;
    const dist = Math.abs(c.length - name.length) > max ? Infinity : editDistance(name, c);
    if (dist <= max) scored.push([c, dist]);
    else if (name.length >= 3 && (c.startsWith(name) || c.startsWith(`${name}-`))) scored.push([c, max + 1 + (c.length - name.length) / 100]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || x[0].length - y[0].length || (x[0] < y[0] ? -1 : 1))
    .slice(0, limit)
    .map(([c]) => c);
}
