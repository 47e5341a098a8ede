/**
 * The shape of `system-manager.lock`, checked field by field so a lock
 * edited by hand into nonsense is reported with the path of every bad
 * field (`packages.ripgrep.closure[2]: …`), never trusted half-way.
 * Versions 1 to 3 are read; only 2 and 3 have `debian.tools`, only 3
 * `debian.releases` and each Debian package's `release`.
 */
const SHA256 = /^[0-9a-f]{64}$/;
const NAME = /^[a-z0-9][a-z0-9+.-]*$/;

type Problems = string[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(p: Problems, o: Record<string, unknown>, key: string, at: string, re?: RegExp): string | undefined {
  const v = o[key];
  if (typeof v !== "string" || v === "") p.push(`${at}.${key}: expected a non-empty string, found ${JSON.stringify(v) ?? "nothing"}`);
  else if (re !== undefined && !re.test(v)) p.push(`${at}.${key}: ${JSON.stringify(v)} is not a valid value`);
  else return v;
  return undefined;
}

function strings(p: Problems, o: Record<string, unknown>, key: string, at: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    p.push(`${at}.${key}: expected a list of strings`);
    return [];
  }
  return v as string[];
}

const TOOLS = ["patchelf"];

/** `at.deb` and `at.closure`: keys of debs, the deb in its closure. */
function checkClosure(p: Problems, e: Record<string, unknown>, at: string, debs: Record<string, unknown>): void {
  const deb = str(p, e, "deb", at);
  const closure = strings(p, e, "closure", at);
  closure.forEach((k, i) => {
    if (!(k in debs)) p.push(`${at}.closure[${i}]: ${k} is not in debs`);
  });
  if (deb !== undefined && !closure.includes(deb)) p.push(`${at}.deb: ${deb} is not in its closure`);
}

function checkTools(p: Problems, tools: unknown, version: number, debs: Record<string, unknown>): void {
  if (tools === undefined) return;
  if (version < 2) return void p.push("debian.tools: a version-1 lock has no tools; set version to 2");
  if (!isRecord(tools)) return void p.push("debian.tools: expected an object");
  for (const [name, t] of Object.entries(tools)) {
    const at = `debian.tools.${name}`;
    if (!TOOLS.includes(name)) p.push(`${at}: unknown tool (expected ${TOOLS.join(", ")})`);
    else if (!isRecord(t)) p.push(`${at}: expected an object`);
    else {
      str(p, t, "package", at, NAME);
      str(p, t, "version", at);
      checkClosure(p, t, at, debs);
    }
  }
}

function checkSourceList(p: Problems, sources: unknown, at: string): void {
  if (!Array.isArray(sources) || sources.length === 0) return void p.push(`${at}: expected a non-empty list`);
  sources.forEach((s, i) => {
    const a = `${at}[${i}]`;
    if (!isRecord(s)) return void p.push(`${a}: expected an object`);
    str(p, s, "uri", a, /^(https?|file):\/\/\S+$/);
    str(p, s, "keyring", a, /^\//);
    strings(p, s, "suites", a);
    strings(p, s, "components", a);
  });
}

/** Checks `debian`; returns the releases its packages may name (the archive's own first), or undefined when it is unusable. */
function checkSources(p: Problems, debian: unknown, version: number, debs: Record<string, unknown>): string[] | undefined {
  if (debian === undefined) return undefined;
  if (!isRecord(debian)) return void p.push("debian: expected an object");
  for (const k of Object.keys(debian)) if (!["arch", "sources", "releases", "tools"].includes(k)) p.push(`debian.${k}: unknown field`);
  checkTools(p, debian.tools, version, debs);
  str(p, debian, "arch", "debian", /^[a-z0-9-]+$/);
  checkSourceList(p, debian.sources, "debian.sources");
  const own = Array.isArray(debian.sources) && isRecord(debian.sources[0]) && Array.isArray(debian.sources[0].suites) ? debian.sources[0].suites[0] : undefined;
  const releases = typeof own === "string" ? [own] : [];
  if (debian.releases === undefined) return releases;
  if (version < 3) return void p.push(`debian.releases: a version-${version} lock has none; set version to 3`);
  if (!isRecord(debian.releases)) return void p.push("debian.releases: expected an object");
  for (const [name, list] of Object.entries(debian.releases)) {
    checkSourceList(p, list, `debian.releases.${name}`);
    releases.push(name);
  }
  return releases;
}

function checkDeb(p: Problems, key: string, d: unknown, debs: Record<string, unknown>): void {
  const at = `debs.${key}`;
  if (!isRecord(d)) return void p.push(`${at}: expected an object`);
  const name = str(p, d, "name", at, NAME);
  const version = str(p, d, "version", at, /^[0-9][A-Za-z0-9.+~:-]*$/);
  const arch = str(p, d, "arch", at, /^[a-z0-9-]+$/);
  str(p, d, "sha256", at, SHA256);
  str(p, d, "filename", at);
  if (typeof d.size !== "number" || !Number.isSafeInteger(d.size) || d.size < 0) p.push(`${at}.size: expected a byte count`);
  if (name !== undefined && version !== undefined && arch !== undefined && key !== `${name}_${version}_${arch}`) {
    p.push(`${at}: the key does not match its name, version and arch (${name}_${version}_${arch})`);
  }
  for (const dep of strings(p, d, "depends", at)) if (!(dep in debs)) p.push(`${at}.depends: ${dep} is not in debs`);
}

function checkPackage(p: Problems, attr: string, e: unknown, debs: Record<string, unknown>, version: number, releases: string[] | undefined): void {
  const at = `packages.${attr}`;
  if (!isRecord(e)) return void p.push(`${at}: expected an object`);
  str(p, e, "package", at);
  str(p, e, "version", at);
  if (e.provider === "debian") {
    checkClosure(p, e, at, debs);
    if (version < 3 && e.release !== undefined) p.push(`${at}.release: a version-${version} lock names no release; set version to 3`);
    const release = version < 3 ? undefined : str(p, e, "release", at);
    if (release !== undefined && releases !== undefined && !releases.includes(release)) {
      p.push(`${at}.release: ${JSON.stringify(release)} is neither the archive's release (${releases[0]}) nor in debian.releases`);
    }
  } else if (e.provider === "nix") {
    str(p, e, "name", at);
    str(p, e, "outPath", at, /^\/nix\/store\/[0-9a-z]{32}-/);
    str(p, e, "drvPath", at, /^\/nix\/store\/[0-9a-z]{32}-.*\.drv$/);
    if (e.mainProgram !== null && typeof e.mainProgram !== "string") p.push(`${at}.mainProgram: expected a string or null`);
  } else if (e.provider === "prebuilt") {
    str(p, e, "system", at, /^[a-z0-9_]+-[a-z0-9_]+$/);
    str(p, e, "url", at, /^(https?|file):\/\/\S+$/);
    str(p, e, "integrity", at, /^sha512-[A-Za-z0-9+/]{86}==$/);
  } else {
    p.push(`${at}.provider: expected "debian", "nix" or "prebuilt", found ${JSON.stringify(e.provider) ?? "nothing"}`);
  }
}

/** Every problem with `data` as a lock, or none. */
export function checkLock(data: unknown): string[] {
  const p: Problems = [];
  if (!isRecord(data)) return ["expected a JSON object at the top"];
  const version = data.version;
  if (version !== 1 && version !== 2 && version !== 3) {
    return [typeof version === "number" && version > 3 ? `version ${version} is newer than this system-manager reads (3)` : `version: expected 1, 2 or 3, found ${JSON.stringify(version) ?? "nothing"}`];
  }
  const debs = isRecord(data.debs) ? data.debs : (p.push("debs: expected an object"), {});
  const releases = checkSources(p, data.debian, version, debs);
  const packages = isRecord(data.packages) ? data.packages : (p.push("packages: expected an object"), {});
  for (const [k, d] of Object.entries(debs)) checkDeb(p, k, d, debs);
  for (const [a, e] of Object.entries(packages)) checkPackage(p, a, e, debs, version, releases);
  if (Object.values(packages).some((e) => isRecord(e) && e.provider === "debian") && data.debian === undefined) {
    p.push("debian: missing, but some packages come from Debian");
  }
  for (const k of Object.keys(data)) if (!["version", "debian", "packages", "debs"].includes(k)) p.push(`${k}: unknown field`);
  return p;
}
