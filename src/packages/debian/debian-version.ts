/**
 * Debian version ordering (deb-version(7)): epoch, then upstream version
 * and revision compared part by part, non-digits by dpkg's order (`~`
 * before everything, even the end; letters before other characters),
 * digits numerically.
 */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === "~") return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let diff = 0;
    while ((i < a.length && !/[0-9]/.test(a[i] as string)) || (j < b.length && !/[0-9]/.test(b[j] as string))) {
      const ac = i < a.length && !/[0-9]/.test(a[i] as string) ? a[i] : undefined;
      const bc = j < b.length && !/[0-9]/.test(b[j] as string) ? b[j] : undefined;
      diff = order(ac) - order(bc);
      if (diff !== 0) return diff;
      if (ac !== undefined) i++;
      if (bc !== undefined) j++;
    }
    const na = /^[0-9]*/.exec(a.slice(i))?.[0] ?? "";
    const nb = /^[0-9]*/.exec(b.slice(j))?.[0] ?? "";
    i += na.length;
    j += nb.length;
    diff = Number(na || "0") - Number(nb || "0");
    if (diff !== 0) return diff;
  }
  return 0;
}

function split(v: string): [number, string, string] {
  const colon = v.indexOf(":");
  const epoch = colon === -1 ? 0 : Number(v.slice(0, colon));
  const rest = colon === -1 ? v : v.slice(colon + 1);
  const dash = rest.lastIndexOf("-");
  return dash === -1 ? [epoch, rest, ""] : [epoch, rest.slice(0, dash), rest.slice(dash + 1)];
}

/** Negative, zero or positive as `a` sorts before, with, or after `b`. */
export function compareDebianVersions(a: string, b: string): number {
  const [ea, ua, ra] = split(a);
  const [eb, ub, rb] = split(b);
  return Math.sign(ea - eb || comparePart(ua, ub) || comparePart(ra, rb));
}
