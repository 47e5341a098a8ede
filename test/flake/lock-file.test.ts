/**
 * flake.lock in Nix's own format: locks Nix wrote (the home-manager
 * copy's, and one Nix 2.8 wrote for git, path and tarball inputs with a
 * follows) read and written back byte for byte; versions 5 and 6 read;
 * malformed locks refused with the file and the JSON path of every
 * problem at once; node keys deduplicated as Nix does.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseLockFile } from "../../src/flake/lock/lock-file.ts";
import { lockText } from "../../src/flake/lock/write-lock.ts";
import { lockDiff } from "../../src/flake/lock/lock-diff.ts";
import { UserError, UserErrors } from "../../src/diagnostics/user-error.ts";
import { upstream } from "../helpers/upstream.ts";

/** What Nix 2.8 wrote for `inputs.dep.url = "git+file:///tmp/nx/dep"; inputs.dep.inputs.src.follows = "s"; inputs.s = path (flake = false); inputs.t = a tarball (flake = false)`. */
const NIX_28 = `{
  "nodes": {
    "dep": {
      "inputs": {
        "src": [
          "s"
        ]
      },
      "locked": {
        "lastModified": 1796299697,
        "narHash": "sha256-E6BWPMQT3BiukdUOdma7DOzuyDxhxOjOLpJlNWBW8+g=",
        "ref": "master",
        "rev": "b6f247b6a2cae4e4a170adf822811e991586acce",
        "revCount": 1,
        "type": "git",
        "url": "file:///tmp/nx/dep"
      },
      "original": {
        "type": "git",
        "url": "file:///tmp/nx/dep"
      }
    },
    "root": {
      "inputs": {
        "dep": "dep",
        "s": "s",
        "t": "t"
      }
    },
    "s": {
      "flake": false,
      "locked": {
        "lastModified": 1796299697,
        "narHash": "sha256-h4gyzSK14DjhF7cBN4VY+Km2ytc4Gg5tV6noZdNPhaY=",
        "path": "/tmp/nx/src",
        "type": "path"
      },
      "original": {
        "path": "/tmp/nx/src",
        "type": "path"
      }
    },
    "t": {
      "flake": false,
      "locked": {
        "narHash": "sha256-h4gyzSK14DjhF7cBN4VY+Km2ytc4Gg5tV6noZdNPhaY=",
        "type": "tarball",
        "url": "file:///tmp/nx/src.tar.gz"
      },
      "original": {
        "type": "tarball",
        "url": "file:///tmp/nx/src.tar.gz"
      }
    }
  },
  "root": "root",
  "version": 7
}
`;

test("a lock Nix 2.8 wrote (git, path, tarball, follows) is read and written back byte for byte", () => {
  const lock = parseLockFile(NIX_28, "flake.lock");
  assert.equal(lockText(lock), NIX_28);
  assert.equal(lockDiff(undefined, lock), [
    "• Added input 'dep':\n    'git+file:///tmp/nx/dep?ref=master&rev=b6f247b6a2cae4e4a170adf822811e991586acce' (2026-12-03)\n",
    "• Added input 'dep/src':\n    follows 's'\n",
    "• Added input 's':\n    'path:/tmp/nx/src?lastModified=1796299697&narHash=sha256-h4gyzSK14DjhF7cBN4VY+Km2ytc4Gg5tV6noZdNPhaY=' (2026-12-03)\n",
    "• Added input 't':\n    'file:///tmp/nx/src.tar.gz?narHash=sha256-h4gyzSK14DjhF7cBN4VY+Km2ytc4Gg5tV6noZdNPhaY='\n",
  ].join(""));
});

test("the home-manager copy's flake.lock (written by Nix) is read and written back byte for byte", (t) => {
  const hm = upstream("home-manager");
  if ("skip" in hm) return t.skip(hm.skip);
  const text = readFileSync(join(hm.dir, "flake.lock"), "utf8");
  assert.equal(lockText(parseLockFile(text, "flake.lock")), text);
});

test("versions 5 and 6 are read; 4 and 8 are refused", () => {
  for (const version of [5, 6]) {
    const lock = parseLockFile(NIX_28.replace('"version": 7', `"version": ${version}`), "flake.lock");
    assert.equal(lockText(lock), NIX_28, "written back as version 7");
  }
  for (const version of [4, 8]) assert.throws(() => parseLockFile(NIX_28.replace('"version": 7', `"version": ${version}`), "/x/flake.lock"), new RegExp(`lock file '/x/flake.lock' has unsupported version ${version}`));
});

test("every problem of a malformed lock is named with the file and its JSON path, at once", () => {
  const bad = JSON.parse(NIX_28);
  bad.nodes.dep.locked.rev = "nothex";
  bad.nodes.s.locked = "x";
  bad.nodes.root.inputs.t = "missing";
  bad.nodes.t.flake = "no";
  bad.nodes.dep.inputs.src = [1];
  try {
    parseLockFile(JSON.stringify(bad), "/f/flake.lock");
    assert.fail("accepted");
  } catch (e) {
    assert.ok(e instanceof UserErrors);
    assert.deepEqual(e.errors.map((x: UserError) => x.message).sort(), [
      `lock file '/f/flake.lock': at nodes."dep".inputs.src: expected a node id or an array of input names (follows)`,
      `lock file '/f/flake.lock': at nodes."dep".locked: invalid Git revision 'nothex'`,
      `lock file '/f/flake.lock': at nodes."root".inputs.t: there is no node 'missing'`,
      `lock file '/f/flake.lock': at nodes."s".locked: expected an object`,
    ]);
  }
  assert.throws(() => parseLockFile("{", "/f/flake.lock"), /lock file '\/f\/flake\.lock' is not valid JSON/);
});

test("node keys taken twice get _2 as Nix gives them", () => {
  const lock = parseLockFile(NIX_28, "flake.lock");
  const dep = lock.root.inputs.get("dep") as { inputs: Map<string, unknown> };
  const s = lock.root.inputs.get("s");
  dep.inputs.set("s", { ...(s as object), inputs: new Map() });
  const json = JSON.parse(lockText(lock));
  assert.deepEqual(json.nodes.dep.inputs, { s: "s", src: ["s"] });
  assert.deepEqual(json.nodes.root.inputs, { dep: "dep", s: "s_2", t: "t" });
});
