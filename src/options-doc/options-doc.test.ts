/**
 * The option tree's documentation on a small fixed module set (Nix
 * modules through lib.evalModules): options.json and nixos-option's text
 * against golden files (byte for byte), the walk along a path (a prefix,
 * a placeholder standing for a name, an unknown name with the closest
 * ones), and our system modules' whole tree.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { evalExpr } from "../nix/evaluate.ts";
import { force, NixAttrs, type NixFunction } from "../nix/value.ts";
import { lib } from "../lib/test-support.ts";
import { assertGolden } from "../../test/helpers/golden.ts";
import { optionsJson } from "./options-json.ts";
import { findOption } from "./find-option.ts";
import { optionReport } from "./option-report.ts";
import { renderOptionJson, renderOptionText } from "./render-option.ts";
import { parseOptionPath } from "./parse-option-path.ts";
import { evaluateSystem } from "../build/evaluate-system.ts";

const GOLDEN = join(import.meta.dirname, "golden");

const MODULES = String.raw`lib: let inherit (lib) mkOption types literalExpression; in lib.evalModules { modules = [
  { _file = "/fixed/greeter.nix";
    options.greeter = {
      enable = lib.mkEnableOption "the greeter";
      message = mkOption { type = types.str; default = "hello"; example = "hi"; description = "What the greeter says.\n"; };
      package = mkOption { type = types.str; defaultText = literalExpression "pkgs.hello"; description = "The greeter's package."; };
      secret = mkOption { type = types.str; internal = true; default = "x"; };
      hidden = mkOption { type = types.bool; visible = false; default = true; };
      fixed = mkOption { type = types.str; readOnly = true; default = "fixed"; description = "Cannot be set."; };
      users = mkOption {
        type = types.attrsOf (types.submodule ({ name, ... }: { options = {
          uid = mkOption { type = types.nullOr types.int; default = null; description = "The UID."; };
          home = mkOption { type = types.str; default = "/home/" + name; description = "The home."; };
        }; }));
        default = { };
        description = "Users greeted.";
      };
      ports = mkOption { type = types.listOf (types.submodule { options.number = mkOption { type = types.port; description = "A port."; }; }); default = [ ]; description = "Ports."; };
    };
  }
  { _file = "/fixed/config.nix"; config.greeter = { enable = true; message = "hey"; users.alice.uid = 1000; }; }
  { _file = "/fixed/more.nix"; config.greeter.users.alice.home = "/srv/alice"; }
]; }`;

const evaluation = () => force((evalExpr(MODULES) as NixFunction).call(lib)) as NixAttrs;
const options = () => force(evaluation().lazy("options") as NixAttrs) as NixAttrs;
const report = (path: string, noConfiguration?: string) => optionReport(findOption(options(), parseOptionPath(path), "system-manager option"), noConfiguration);

test("options.json of a fixed module set (golden): placeholders, defaults rendered, internal and invisible options left out", () => {
  const json = optionsJson(options());
  assertGolden(join(GOLDEN, "options.json"), json + "\n");
  const o = JSON.parse(json) as Record<string, unknown>;
  assert.ok("greeter.users.<name>.uid" in o && "greeter.ports.*.number" in o);
  assert.ok(!("greeter.secret" in o) && !("greeter.hidden" in o));
});

test("an option as nixos-option prints it (golden): value, default, type, description, example, declared and defined by", () => {
  assertGolden(join(GOLDEN, "greeter.message.txt"), renderOptionText(report("greeter.message")));
  assertGolden(join(GOLDEN, "greeter.fixed.txt"), renderOptionText(report("greeter.fixed")));
  assertGolden(join(GOLDEN, "greeter.message.json"), renderOptionJson(report("greeter.message")));
});

test("a name standing for <name> gives the submodule's option with that instance's value and defining files", () => {
  const text = renderOptionText(report("greeter.users.alice.home"));
  assertGolden(join(GOLDEN, "greeter.users.alice.home.txt"), text);
  assert.match(text, /Value:\n {2}"\/srv\/alice"\n/);
  assert.match(text, /Defined by:\n {2}\/fixed\/more.nix\n$/);
  const generic = report("greeter.users.<name>.uid");
  assert.ok(generic.kind === "option" && "none" in generic.value && generic.doc.name === "greeter.users.<name>.uid");
  const missing = report("greeter.users.bob.uid");
  assert.ok(missing.kind === "option" && "none" in missing.value && /no definition of `greeter.users.bob.uid'/.test(missing.value.none));
});

test("a prefix lists the names below it; without a configuration no value is shown, and why", () => {
  assert.equal(renderOptionText(report("greeter.")), "This attribute set contains:\nenable\nfixed\nhidden\nmessage\npackage\nports\nsecret\nusers\n");
  assert.equal(renderOptionText(report("greeter.users.alice")), "This attribute set contains:\nhome\nuid\n");
  assert.match(renderOptionText(report("greeter.enable", "no configuration was given")), /^Value:\n {2}\(none shown: no configuration was given\)\n\nDefault:\n {2}false\n/);
});

test("an unknown name is an error naming the closest options and where to list them", () => {
  assert.throws(() => report("greeter.mesage"), (e: Error) => e.message === "The option `greeter.mesage' does not exist.\n\nDid you mean `greeter.message', `greeter.enable' or `greeter.package'?\n\nRun `system-manager option greeter' to list the options there.");
  assert.throws(() => report("greeter.message.x"), /`greeter.message' is an option of type `string', which has no options below it/);
});

test("a default that fails to evaluate: an error naming the option, or with a failure handler «error: …» and the handler told", () => {
  const broken = () => force((evalExpr(`lib: (lib.evalModules { modules = [ { _file = "/fixed/broken.nix"; options.tool = lib.mkOption { type = lib.types.str; default = throw "no such package"; description = "A tool."; }; } ]; }).options`) as NixFunction).call(lib));
  assert.throws(() => optionsJson(broken()), (e: Error & { context?: string[] }) => /no such package/.test(e.message) && (e.context ?? []).some((c) => c.includes("default value of option `tool`")));
  const told: string[] = [];
  const o = JSON.parse(optionsJson(broken(), (m) => told.push(m))) as Record<string, { default: { text: string } }>;
  assert.equal(o.tool?.default.text, "«error: no such package»");
  assert.deepEqual(told, ["cannot evaluate the default value of option `tool': no such package"]);
});

test("an option below a submodule (no placeholder) has the configuration's value, from the submodule's own evaluation", () => {
  const tree = force((evalExpr(`lib: (lib.evalModules { modules = [
    { _file = "/fixed/ssh.nix"; options.ssh.settings = lib.mkOption { type = lib.types.submodule { options.port = lib.mkOption { type = lib.types.port; default = 22; description = "The port."; }; }; default = { }; description = "Settings."; }; }
    { _file = "/fixed/host.nix"; config.ssh.settings.port = 2222; }
  ]; }).options`) as NixFunction).call(lib)) as NixAttrs;
  const r = optionReport(findOption(tree, ["ssh", "settings", "port"], "system-manager option"), undefined);
  assert.ok(r.kind === "option" && "text" in r.value);
  assert.equal(r.value.text, "2222");
  assert.deepEqual(r.value.files, ["/fixed/host.nix"]);
});

test("option paths read as nixos-option reads them", () => {
  assert.deepEqual(parseOptionPath(""), []);
  assert.deepEqual(parseOptionPath('home.file.".config/x.txt".text'), ["home", "file", ".config/x.txt", "text"]);
  assert.deepEqual(parseOptionPath("programs.git."), ["programs", "git"]);
  assert.throws(() => parseOptionPath('a."b'), /missing closing quote/);
});

test("our system modules' whole tree is produced as options.json", () => {
  const o = JSON.parse(optionsJson(evaluateSystem([]).evaluation.options)) as Record<string, { type: string; loc: string[] }>;
  for (const name of ["users.users.<name>.uid", "services.openssh.settings", "environment.etc.<name>.text"]) assert.ok(name in o, name);
  assert.deepEqual(o["users.users.<name>.uid"]?.loc, ["users", "users", "<name>", "uid"]);
});
