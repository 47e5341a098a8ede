#!/usr/bin/env node
// system-manager's nixos-render-docs: the command line nixpkgs' builders
// call, for what option documentation needs.
//
//     nixos-render-docs [-j N] options manpage --revision R [--header H] [--footer F] IN.json OUT
//     nixos-render-docs [-j N] options commonmark --revision R [--manpage-urls U] IN.json OUT
//
// `-j`, `--manpage-urls`, `--anchor-prefix` and `--anchor-style` are
// accepted and change nothing here. Errors go to stderr with exit code 1
// (2 for a wrong command line, as argparse does).
import { readFileSync, writeFileSync } from "node:fs";
import { renderCommonMark } from "./commonmark.mjs";
import { renderManpage } from "./manpage.mjs";

const USAGE = "usage: nixos-render-docs [-j JOBS] options {manpage,commonmark} [--revision REVISION] [--header HEADER] [--footer FOOTER] infile outfile";
const WITH_VALUE = new Set(["--revision", "--header", "--footer", "--manpage-urls", "--anchor-prefix", "--anchor-style", "-j", "--jobs"]);

function usage(message) {
  process.stderr.write(`${USAGE}\nnixos-render-docs: error: ${message}\n`);
  process.exit(2);
}

function parse(argv) {
  const flags = new Map();
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf("=");
    const key = a.startsWith("--") && eq !== -1 ? a.slice(0, eq) : a;
    if (WITH_VALUE.has(key)) {
      const v = key !== a ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) usage(`argument ${key}: expected one argument`);
      flags.set(key, v);
    } else if (/^-j\d+$/.test(a)) flags.set("-j", a.slice(2));
    else if (a.startsWith("-") && a !== "-") usage(`unrecognized arguments: ${a}`);
    else positional.push(a);
  }
  return { flags, positional };
}

const { flags, positional } = parse(process.argv.slice(2));
const [group, format, infile, outfile, ...extra] = positional;
if (group !== "options") usage(`argument command: invalid choice: '${group ?? ""}' (choose from 'options')`);
if (format !== "manpage" && format !== "commonmark") usage(`argument format: invalid choice: '${format ?? ""}' (choose from 'manpage', 'commonmark')`);
if (infile === undefined || outfile === undefined) usage("the following arguments are required: infile, outfile");
if (extra.length > 0) usage(`unrecognized arguments: ${extra.join(" ")}`);
const read = (f) => (f === undefined ? "" : readFileSync(f, "utf8"));
try {
  const json = JSON.parse(readFileSync(infile, "utf8"));
  const text = format === "manpage" ? renderManpage(json, { header: read(flags.get("--header")), footer: read(flags.get("--footer")) }) : renderCommonMark(json);
  writeFileSync(outfile, text);
} catch (e) {
  process.stderr.write(`nixos-render-docs: error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
