import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { assertGolden } from "../../../test/helpers/golden.ts";
import { upstream } from "../../../test/helpers/upstream.ts";
import { EvalStore } from "../../nix/eval-store.ts";
import { createEvaluator } from "../../nix/evaluate.ts";
import { nixLib } from "../../lib/index.ts";
import { force, NixAttrs, NixString, type Lazy } from "../../nix/value.ts";
import { readSourceFromDisk } from "../../build/read-source.ts";
import { contentAddressedPath, type FileTree } from "../../store/file-tree.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import { NIXPKGS_DIR, nixpkgsPackageSet } from "./index.ts";
import { realiseStorePaths } from "./realise.ts";

const GOLDEN = join(NIXPKGS_DIR, "documentation-golden");
const realLib = upstream("nixpkgs.lib");

// Builders run with the build machine's bash, coreutils and node (/usr), given as the set's tools and as `nodejs-slim`.
function world(libDir?: string) {
  const store = new EvalStore(STORE_DIR);
  const storeCopies: { name: string; tree: FileTree }[] = [];
  const copyToStore = (path: string): string => {
    const tree = readSourceFromDisk(path);
    storeCopies.push({ name: basename(path), tree });
    return contentAddressedPath(basename(path), tree);
  };
  const evaluator = createEvaluator({ store, pure: false, copyToStore });
  const lib = libDir === undefined ? nixLib({ store, copyToStore: evaluator.state.copyToStore, io: evaluator.state.io, importPath: (p) => evaluator.importPath(p) }) : evaluator.importPath(join(libDir, "lib"));
  const host = NixAttrs.from({ outPath: "/usr", type: "derivation", name: "host" });
  const overlay = evaluator.evalSource(`final: prev: { nodejs-slim = { outPath = "/usr"; type = "derivation"; name = "nodejs"; }; }`, "«overlay»", "/");
  const pkgs = nixpkgsPackageSet({ system: "x86_64-linux", lib, evaluator, tools: { bash: host, initialPath: [host] }, overlays: [overlay] });
  const root = mkdtempSync(join(tmpdir(), "nixpkgs-documentation-"));
  const evalWith = (src: string) => force((force(evaluator.evalSource(`pkgs: let inherit (pkgs) lib; in ${src}`, "«test»", "/")) as { call(a: Lazy): unknown }).call(pkgs) as Lazy);
  const build = async (expr: string) => {
    const s = evalWith(`"\${${expr}}"`) as NixString;
    await realiseStorePaths(s.context, { root, stores: [store], storeCopies });
    return join(root, s.s);
  };
  return { evalWith, build, done: () => rmSync(root, { recursive: true, force: true }) };
}

const MODULE = `{ lib, ... }: {
  options.programs.demo = {
    enable = lib.mkEnableOption "the demo program";
    package = lib.mkOption { type = lib.types.str; default = "demo"; defaultText = lib.literalExpression "pkgs.demo"; description = "The demo package to use."; };
    settings = lib.mkOption {
      type = lib.types.attrsOf lib.types.int;
      default = { };
      example = { jobs = 4; };
      description = ''
        Settings written to {file}\`~/.config/demo/rc\`. See {manpage}\`demo(1)\`.

        ::: {.note}
        Values must be *positive*.
        :::
      '';
    };
    hidden = lib.mkOption { type = lib.types.int; default = 1; internal = true; description = "Not shown."; };
    extra = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; relatedPackages = [ "hello" [ "python3Packages" "requests" ] ]; description = "Extra words."; };
  };
}`;

// An options.json as nixosOptionsDoc writes it, with what the renderer must handle: Markdown, literal Nix and Markdown values, related packages, read-only options.
const OPTIONS_JSON = `builtins.toFile "options.json" (builtins.readFile ${join(NIXPKGS_DIR, "documentation-golden/options.json")})`;

const docsOf = (args = "") => `(pkgs.nixosOptionsDoc { options = (lib.evalModules { modules = [ (${MODULE}) ]; }).options; ${args} transformOptions = o: o // { declarations = [ { name = "<demo/module.nix>"; url = "https://example.org/module.nix"; } ]; }; })`;

for (const [label, libDir] of [["our lib (its own option list)", undefined], ["nixpkgs' lib", "dir" in realLib ? realLib.dir : ""]] as const) {
  test(`nixosOptionsDoc with ${label}: optionsNix and optionsJSON in nixpkgs' shape, invisible options left out`, { skip: libDir === "" && "skip" in realLib ? realLib.skip : undefined }, async () => {
    const w = world(libDir);
    try {
      const nix = JSON.parse(String(w.evalWith(`builtins.toJSON ${docsOf()}.optionsNix`))) as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(nix).filter((k) => k.startsWith("programs.")).sort(), ["programs.demo.enable", "programs.demo.extra", "programs.demo.package", "programs.demo.settings"]);
      assert.deepEqual(nix["programs.demo.enable"], {
        declarations: [{ name: "<demo/module.nix>", url: "https://example.org/module.nix" }],
        default: { _type: "literalExpression", text: "false" },
        description: "Whether to enable the demo program.",
        example: { _type: "literalExpression", text: "true" },
        loc: ["programs", "demo", "enable"],
        readOnly: false,
        type: "boolean",
      });
      assert.deepEqual(nix["programs.demo.package"]?.default, { _type: "literalExpression", text: "pkgs.demo" });
      if (libDir !== undefined) assert.equal(nix["programs.demo.extra"]?.relatedPackages, "- [`pkgs.hello`](\n    https://search.nixos.org/packages?show=hello&sort=relevance&query=hello\n  )\n- [`pkgs.python3Packages.requests`](\n    https://search.nixos.org/packages?show=python3Packages.requests&sort=relevance&query=python3Packages.requests\n  )\n");
      const out = await w.build(`${docsOf()}.optionsJSON`);
      assert.deepEqual(JSON.parse(readFileSync(join(out, "share/doc/nixos/options.json"), "utf8")), nix);
      assert.equal(readFileSync(join(out, "nix-support/hydra-build-products"), "utf8"), `file json ${out.slice(out.indexOf(STORE_DIR))}/share/doc/nixos/options.json\n`);
    } finally {
      w.done();
    }
  });
}

test("nixosOptionsDoc: an option without a description fails the build with warningsAreErrors, else gets nixpkgs' placeholder", async () => {
  const w = world();
  const undescribed = `(pkgs.nixosOptionsDoc { options = (lib.evalModules { modules = [ { options.a = lib.mkOption { type = lib.types.int; }; } ]; }).options; WAE })`;
  try {
    await assert.rejects(w.build(`${undescribed.replace("WAE", "")}.optionsJSON`), /error: option a has no description[\s\S]*Treating warnings as errors/);
    const out = await w.build(`${undescribed.replace("WAE", "warningsAreErrors = false;")}.optionsJSON`);
    assert.equal(JSON.parse(readFileSync(join(out, "share/doc/nixos/options.json"), "utf8")).a.description, "This option has no description.");
  } finally {
    w.done();
  }
});

test("nixos-render-docs options manpage: the header, an entry per option in nixos-render-docs' order, the footer; a page groff reads without warnings", async () => {
  const w = world();
  try {
    const header = `.TH "DEMO" "5" "01/01/1980" "Demo"\n.SH "OPTIONS"\n`;
    const page = await w.build(`pkgs.runCommand "demo-manpage" { nativeBuildInputs = [ pkgs.nixos-render-docs ]; } ''
      mkdir -p $out/share/man/man5
      nixos-render-docs -j $NIX_BUILD_CORES options manpage --revision r1 \\
        --header \${builtins.toFile "header.5" ${JSON.stringify(header)}} --footer \${builtins.toFile "footer.5" ".SH \\"AUTHORS\\"\\nDemo people\\n"} \\
        \${${OPTIONS_JSON}} $out/share/man/man5/demo.5
    ''`);
    const text = readFileSync(join(page, "share/man/man5/demo.5"), "utf8");
    assertGolden(join(GOLDEN, "demo.5"), text);
    const groff = spawnSync("groff", ["-man", "-ww", "-z"], { input: text, encoding: "utf8" });
    if (groff.error === undefined) assert.equal(groff.stderr, "", "groff reads the page without warnings");
    const md = await w.build(`pkgs.runCommand "demo.md" { nativeBuildInputs = [ pkgs.nixos-render-docs ]; } "nixos-render-docs options commonmark --revision r1 \${${OPTIONS_JSON}} $out"`);
    assertGolden(join(GOLDEN, "demo.md"), readFileSync(md, "utf8"));
  } finally {
    w.done();
  }
});

test("nixos-render-docs reads nixpkgs' Markdown: nested lists and their later paragraphs, nested emphasis, escapes, breaks, anchors, quotes, indented code, headings", () => {
  const out = join(mkdtempSync(join(tmpdir(), "render-docs-")), "markdown.5");
  const run = spawnSync(process.execPath, [join(NIXPKGS_DIR, "render-docs/cli.mjs"), "options", "manpage", join(GOLDEN, "markdown.json"), out], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assertGolden(join(GOLDEN, "markdown.5"), readFileSync(out, "utf8"));
  const bad = spawnSync(process.execPath, [join(NIXPKGS_DIR, "render-docs/cli.mjs"), "options", "docbook", "in", "out"], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /nixos-render-docs: error: argument format: invalid choice: 'docbook'/);
});

test("nixosOptionsDoc's optionsCommonMark is nixos-render-docs' commonmark of its optionsJSON", async () => {
  const w = world();
  try {
    const md = readFileSync(await w.build(`${docsOf()}.optionsCommonMark`), "utf8");
    assert.match(md, /^## programs\.demo\.enable\n\nWhether to enable the demo program\.\n\n\*Type:\*\nboolean\n/m);
  } finally {
    w.done();
  }
});

test("installShellFiles: installManPage by section, installShellCompletion by shell, installBin; nixpkgs' errors", async () => {
  const w = world();
  try {
    const out = await w.build(`pkgs.runCommand "installed" { nativeBuildInputs = [ pkgs.installShellFiles ]; } ''
      echo page > demo.1; echo conf > demo.conf.5; echo b > demo.bash; echo z > comp; echo f > demo.fish; echo '#!/bin/sh' > tool
      installManPage demo.1 demo.conf.5
      installShellCompletion demo.bash demo.fish --zsh comp
      installShellCompletion --cmd other --bash demo.bash
      installBin tool
      if installManPage nosection 2> err; then exit 1; fi
      grep -q "installManPage: path missing manpage section suffix: nosection" err
    ''`);
    for (const f of ["share/man/man1/demo.1", "share/man/man5/demo.conf.5", "share/bash-completion/completions/demo.bash", "share/zsh/site-functions/_comp", "share/fish/vendor_completions.d/demo.fish", "share/bash-completion/completions/other.bash"]) {
      assert.ok(existsSync(join(out, f)), f);
    }
    assert.equal(lstatSync(join(out, "bin/tool")).mode & 0o111, 0o111);
    assert.equal(w.evalWith(`pkgs.nixos-render-docs.meta.mainProgram`), "nixos-render-docs");
  } finally {
    w.done();
  }
});
