/**
 * The manual's generator on a small fixed option tree (Nix modules
 * through lib.evalModules, with a home-manager.users.<name> submodule
 * declared "shallow", its type a set made in Nix, as the real
 * home-manager's NixOS module declares it)
 * and a small README: every file it writes against golden files, byte
 * for byte (manual.js and manual.css against the modules they are
 * written from); hostile option text (`<script>`, quotes in names,
 * `javascript:` links) comes out escaped; the sections and guides.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { evalExpr } from "../nix/evaluate.ts";
import { force, NixAttrs, type NixFunction } from "../nix/value.ts";
import { lib } from "../lib/test-support.ts";
import { assertGolden } from "../../test/helpers/golden.ts";
import { manualOptions, SYSTEM_SECTIONS } from "./manual-options.ts";
import { readmeGuides } from "./readme-guides.ts";
import { manualSite, MANUAL_MARKER } from "./manual-site.ts";
import { MANUAL_SCRIPT } from "./manual-script.ts";
import { MANUAL_STYLE } from "./manual-style.ts";

const GOLDEN = join(import.meta.dirname, "golden");

const MODULES = String.raw`lib: let inherit (lib) mkOption types literalExpression literalMD; in lib.evalModules { modules = [
  { _file = "/fixed/greeter.nix";
    options.greeter = {
      enable = lib.mkEnableOption "the greeter";
      message = mkOption { type = types.str; default = "hello"; example = "hi"; description = "What the greeter says; see {option}` + "`greeter.enable`" + String.raw` and [the docs](https://example.com/greeter)."; };
      package = mkOption { type = types.str; defaultText = literalMD "the **greeter** package"; description = "The greeter's package."; };
      secret = mkOption { type = types.str; internal = true; default = "x"; };
      fixed = mkOption { type = types.str; readOnly = true; default = "fixed"; };
    };
    options.hostile = {
      "we\"ird<name>" = mkOption { type = types.str; default = "</script><script>alert(1)</script>"; description = "<script>alert(\"x\")</script> [click](javascript:alert(1)) [also](JavaScript:alert(2)) <img src=x onerror=alert(3)>"; };
    };
    options.home-manager.users = mkOption {
      type = types.attrsOf (types.submodule { options.programs.git.settings = mkOption { type = types.attrsOf types.anything; default = { }; example = literalExpression "{ user.name = \"Alice\"; }"; description = "Git configuration.\n\n::: {.note}\nWritten to ~/.config/git/config.\n:::"; }; }) // { description = "attribute set of (Home Manager module)"; };
      default = { };
      visible = "shallow";
      description = "Home Manager configurations.";
    };
  }
]; }`;

const README = `# The title

Install it:

\`\`\`sh
npm ci
\`\`\`

## First switch

Run \`switch\`; see [numtide/system-manager].

### Details

- one
- two

## Rollback

\`system-manager rollback\` <b>now</b>.

[numtide/system-manager]: https://github.com/numtide/system-manager
`;

const options = () => force((force((evalExpr(MODULES) as NixFunction).call(lib)) as NixAttrs).lazy("options") as NixAttrs);
const site = () => manualSite({ sections: SYSTEM_SECTIONS, options: manualOptions(options(), SYSTEM_SECTIONS), guides: readmeGuides(README), generatedFrom: "@config@" });

test("the manual's files for a fixed option tree and README (golden)", () => {
  const files = site();
  assert.deepEqual([...files.keys()], ["index.html", "guide-introduction.html", "guide-first-switch.html", "guide-rollback.html", "options.js", "manual.js", "manual.css", MANUAL_MARKER]);
  // manual.js and manual.css are written as their modules hold them: compared with those, not with a copy kept as golden.
  const verbatim = new Map([["manual.js", MANUAL_SCRIPT], ["manual.css", MANUAL_STYLE]]);
  for (const [name, content] of files) {
    if (verbatim.has(name)) assert.equal(content, verbatim.get(name), name);
    else assertGolden(join(GOLDEN, name === MANUAL_MARKER ? "marker" : name), content);
  }
});

test("the options are split into system's and Home Manager's, named as home-manager names them", () => {
  const documented = manualOptions(options(), SYSTEM_SECTIONS);
  const names = documented.map((o) => `${o.section}:${o.name}`);
  assert.ok(names.includes("1:programs.git.settings") && names.includes("0:home-manager.users") && names.includes("0:greeter.message"));
  assert.ok(!names.some((n) => n.includes("greeter.secret")), "internal options are left out");
});

test("hostile option text is escaped: no markup, no javascript: link, no raw < in the data", () => {
  const files = site();
  const data = files.get("options.js") as string;
  assert.ok(!data.includes("<"), "options.js holds no raw <");
  assert.ok(!/javascript:/i.test(data), "no javascript: link");
  const hostile = JSON.parse(/^window\.SYSTEM_MANAGER_MANUAL = (.*);\n$/s.exec(data)?.[1] as string).options.find((o: { n: string }) => o.n.startsWith("hostile")) as Record<string, string>;
  assert.equal(hostile.n, String.raw`hostile."we\"ird<name>"`);
  assert.equal(hostile.d, "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; click also &lt;img src=x onerror=alert(3)&gt;</p>");
  assert.equal(hostile.df, `<pre><code class="language-nix">&quot;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;</code></pre>`);
  for (const [name, content] of files) if (name.endsWith(".html")) assert.deepEqual(content.match(/<script[^>]*>/g) ?? [], name === "index.html" ? ['<script src="options.js">', '<script src="manual.js">'] : [], name);
});
