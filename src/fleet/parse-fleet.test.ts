import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFleet, type NodeInput } from "./parse-fleet.ts";
import type { UserError, UserErrors } from "../diagnostics/user-error.ts";

const at = (line: number) => ({ file: "/f/flake.nix", line, column: 5 });
const node = (name: string, attrs: Record<string, unknown>, line = 1): NodeInput => ({
  name,
  where: at(line),
  attrs: new Map(Object.entries(attrs).map(([k, v], i) => [k, { value: v, where: at(line + i + 1) }])),
});

test("nodes become typed hosts: deploy-rs's names, the user and port in the target, --ssh-option before sshOpts", () => {
  const hosts = parseFleet([node("web1", { hostname: "10.0.0.1:2222", sshUser: "deploy", sshOpts: ["-i", "/k"], configuration: "web", canary: true, healthCheck: "curl -f localhost", sudo: true }), node("db", { hostname: "db.example.org" })], ["-F /dev/null"]);
  const [web, db] = hosts;
  assert.deepEqual(web?.target, { user: "deploy", host: "10.0.0.1", port: 2222, sshOptions: ["-F", "/dev/null", "-i", "/k"] });
  assert.equal(web?.configuration, "web");
  assert.equal(web?.canary, true);
  assert.equal(web?.healthCheck, "curl -f localhost");
  assert.equal(web?.sudo, true);
  assert.equal(web?.autoRollback, true);
  assert.equal(db?.configuration, "db", "the configuration defaults to the node's name");
  assert.equal(db?.canary, false);
  assert.equal(db?.sudo, undefined);
});

test("every problem is collected and located: unknown attribute, wrong types, missing hostname, two nodes on one host", () => {
  let caught: UserErrors | undefined;
  try {
    parseFleet([
      node("a", { hostname: "h1", hostName: "typo" }, 10),
      node("b", { canary: "yes", sshOpts: "-i k" }, 20),
      node("c", { hostname: "h1:22" }, 30),
      node("d", { hostname: "bad host" }, 40),
      node("e", { hostname: "root@h2" }, 50),
    ]);
  } catch (e) {
    caught = e as UserErrors;
  }
  assert.ok(caught !== undefined && caught.name === "UserErrors");
  const shown = caught.errors.map((e: UserError) => `${e.location?.line}: ${e.message}`);
  assert.deepEqual(shown.map((s) => s.replace(/ \(.*$/s, "")), [
    "12: deploy.nodes.a.hostName: unknown attribute",
    "22: deploy.nodes.b.sshOpts: expected a list of strings, got \"-i k\"",
    "21: deploy.nodes.b.canary: expected true or false, got \"yes\"",
    "20: deploy.nodes.b: no hostname: say where it is reached",
    "41: deploy.nodes.d.hostname: Cannot use 'bad host' as --target-host: 'bad host' is not a host name or address",
    "51: deploy.nodes.e.hostname: 'root@h2' names a user: give it as sshUser",
    "30: deploy.nodes.c: the same host as deploy.nodes.a",
  ]);
  assert.throws(() => parseFleet([]), /deploy.nodes defines no hosts/);
});
