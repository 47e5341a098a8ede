import { test } from "node:test";
import assert from "node:assert/strict";
import { renderSection, renderUnit, unitValue } from "./render-unit.ts";
import { UserError } from "../../diagnostics/user-error.ts";

test("unitValue(): NixOS's toOption; a bare newline becomes a continuation, an escaped one stays", () => {
  assert.equal(unitValue(true), "true");
  assert.equal(unitValue(false), "false");
  assert.equal(unitValue(10), "10");
  assert.equal(unitValue(null), "");
  assert.equal(unitValue({ outPath: "/store/x-hello" }), "/store/x-hello");
  assert.equal(unitValue("a\nb"), "a\\\nb");
  assert.equal(unitValue("a \\\nb"), "a \\\nb");
});

test("renderSection(): keys in Nix order, one line per list element, empty list writes nothing", () => {
  assert.equal(renderSection({ b: ["1", "2"], a: "x", "X-Y": false, c: [] }), "X-Y=false\na=x\nb=1\nb=2\n");
});

test("renderUnit(): a service's environment is JSON-quoted, its own variables win over the global ones", () => {
  const text = renderUnit(
    "s.service",
    "service",
    { unitConfig: {}, wantedBy: [], environment: { A: "tab\there", B: null }, serviceConfig: { ExecStart: "/bin/true" } },
    { B: "global", C: "c" },
  );
  assert.equal(text, '[Unit]\n\n[Service]\nEnvironment="A=tab\\there"\nEnvironment="C=c"\nExecStart=/bin/true\n');
});

test("renderUnit(): a multi-line Description cannot inject a section", () => {
  const text = renderUnit("t.target", "target", { unitConfig: { Description: "x\n[Service]\nExecStart=/bin/evil" }, wantedBy: [] });
  assert.equal(text, "[Unit]\nDescription=x\\\n[Service]\\\nExecStart=/bin/evil\n\n");
});

test("renderUnit(): an environment line over systemd's limit is refused", () => {
  assert.throws(
    () => renderUnit("s.service", "service", { unitConfig: {}, wantedBy: [], environment: { BIG: "x".repeat(1048576) } }),
    (e: unknown) => e instanceof UserError && e.message.startsWith("Cannot write the environment variable 'BIG' of s.service"),
  );
});
