/**
 * The manual in a real headless Chromium, as a reader uses it: the
 * README's command writes it for the example configuration, the page is
 * opened from the file system (no server), `programs.git.settings` is
 * typed into the search box, the result clicked, and the option shown
 * must have its type, default and description; a screenshot of it is
 * left in the test's directory (its path in the test's diagnostics).
 * The command runs twice: the second time from the caches (the compiled
 * configuration, the launcher's code cache). Skips, saying so, without
 * /usr/bin/chromium. (An end-to-end test for its time, 10-30 s; it needs
 * no container.)
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { Chromium, chromiumMissing } from "../helpers/chromium-cdp.ts";

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
  } finally {
    await browser.close();
  }
});
