/**
 * The manual in a real headless Chromium, as a reader uses it: the
 * README's command writes it for the example configuration, the page is
 * opened from the file system (no server), `programs.git.settings` is
 * typed into the search box, the result clicked, and the option shown
 * must have its type, default and description; a screenshot of it is
 * left in the test's directory (its path in the test's diagnostics).
 * The command runs twice: the second time from the caches (the compiled
 * configuration, the launcher's code cache). Skips, saying so, without
 * /usr/bin/chromium. With the real home-manager as the example flake's
 * input, the manual holds that home-manager's own options (its NixOS
 * module hides them from NixOS's documentation: visible = "shallow").
 * (End-to-end tests for their time, 10-60 s; they need no container.)
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { Chromium, chromiumMissing } from "../helpers/chromium-cdp.ts";
import { upstream } from "../helpers/upstream.ts";

const ROOT = join(import.meta.dirname, "../..");
const missing = chromiumMissing();

test("the manual in headless Chromium: search programs.git.settings, open it, see its type, default and description", { skip: missing, timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "docs-manual-"));
  const out = join(dir, "manual");
  const home = join(dir, "home");
  for (let run = 0; run < 2; run++) {
    const r = spawnSync(process.execPath, [join(ROOT, "bin/system-manager.js"), "docs", "--config", join(ROOT, "examples/home-manager/system.config.ts"), "--out", out], {
      encoding: "utf8",
      env: { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, ".cache") },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${join(out, "index.html")}\n`);
  }

  const browser = new Chromium();
  try {
    const page = await browser.newPage(1280, 900);
    await page.navigate(pathToFileURL(join(out, "index.html")).href);
    await page.until<boolean>(`document.querySelectorAll("#results li").length > 0`);
    await page.evaluate(`document.getElementById("search").focus()`);
    await page.type("programs.git.settings");
    const first = await page.until<string>(`(() => { const a = document.querySelector("#results a"); return a && document.querySelector("#results").children.length < 20 ? a.querySelector(".result-name").textContent : ""; })()`);
    assert.equal(first, "programs.git.settings");
    await page.click(`document.querySelector("#results a")`);
    await page.until<boolean>(`document.querySelector("#option .option-name")?.textContent === "programs.git.settings"`);
    const shown = await page.evaluate<{ hash: string; fields: Record<string, string>; description: string; context: string; focused: string }>(`(() => {
      const fields = {};
      for (const dt of document.querySelectorAll("#option dt")) fields[dt.textContent] = dt.nextElementSibling.textContent.trim();
      return { hash: location.hash, fields, description: document.querySelector("#option .option-description").textContent.trim(),
        context: document.querySelector("#option .option-context").textContent, focused: document.activeElement.id };
    })()`);
    assert.equal(shown.hash, "#opt-programs.git.settings");
    assert.match(shown.fields.Type ?? "", /^\(attribute set of attribute set of .*\) or list of attribute set of/);
    assert.equal(shown.fields.Default, "{ }");
    assert.match(shown.fields.Example ?? "", /editor = "vim";/);
    assert.match(shown.fields["Declared in"] ?? "", /programs\/git/);
    assert.match(shown.description, /^Git configuration/);
    assert.equal(shown.context, "Home Manager option; in a system configuration: home-manager.users.<name>.programs.git.settings");
    assert.equal(shown.focused, "option");
    await page.evaluate("window.scrollTo(0, 0)");
    const png = await page.screenshot();
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from("PNG")]);
    const shot = join(dir, "programs.git.settings.png");
    writeFileSync(shot, png);
    t.diagnostic(`screenshot: ${shot}`);

    // From the keyboard: words in any order, Enter opens the first result; a link opens its option; the guides are pages.
    await page.evaluate(`document.getElementById("search").focus()`);
    await page.press("Escape");
    await page.type("uid users.users");
    await page.press("Enter");
    await page.until<boolean>(`location.hash === "#opt-users.users.%3Cname%3E.uid" && document.querySelector("#option .option-name")?.textContent === "users.users.<name>.uid"`);
    await page.navigate(pathToFileURL(join(out, "guide-using-it.html")).href);
    assert.equal(await page.evaluate<string>(`document.querySelector("main h1").textContent + " | " + document.querySelector('nav a[aria-current="page"]').textContent`), "Using it | Using it");
    await page.navigate(pathToFileURL(join(out, "index.html")).href + "#opt-programs.git.enable");
    assert.equal(await page.until<string>(`document.querySelector("#option .option-name")?.textContent`), "programs.git.enable");
  } finally {
    await browser.close();
  }
});

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const noUpstream = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;

test("docs --flake with the real home-manager: its own options, declared in its modules", { skip: noUpstream, timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "docs-manual-real-"));
  try {
    const flake = join(dir, "flake");
    cpSync(join(ROOT, "examples/home-manager"), flake, { recursive: true });
    rmSync(join(flake, "flake.lock"), { force: true });
    const inputs = ["--override-input", "home-manager", `path:${"dir" in hm ? hm.dir : ""}`, "--override-input", "nixpkgs", `path:${"dir" in lib ? lib.dir : ""}`];
    const out = join(dir, "manual");
    mkdirSync(join(dir, "root"));
    const r = spawnSync(process.execPath, [join(ROOT, "bin/system-manager.js"), "docs", "--flake", flake, ...inputs, "--root", join(dir, "root"), "--out", out], {
      encoding: "utf8",
      env: { ...process.env, HOME: join(dir, "home"), XDG_CACHE_HOME: join(dir, "home/.cache") },
    });
    assert.equal(r.status, 0, r.stderr);
    const data = readFileSync(join(out, "options.js"), "utf8");
    const git = /\n(\{"n":"programs\.git\.settings","s":1,.*\}),?\n/.exec(data)?.[1];
    assert.ok(git !== undefined, "programs.git.settings is in the Home Manager section");
    assert.match(JSON.parse(git).dl[0], /-source\/modules\/programs\/git\.nix$/);
    const home = data.match(/\n\{"n":"[^"]*","s":1,/g)?.length ?? 0;
    assert.ok(home > 2000, `the real home-manager's options, not a few: ${home}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
