import { test } from "node:test";
import assert from "node:assert/strict";
import { toGitINI } from "./git-ini.ts";

test("toGitINI(): the home-manager reference's example", () => {
  assert.equal(
    toGitINI({ user: { name: "Jane", email: "j@x" }, alias: { co: "checkout" }, core: { editor: "vim" } }),
    '[alias]\n\tco = "checkout"\n\n[core]\n\teditor = "vim"\n\n[user]\n\temail = "j@x"\n\tname = "Jane"\n',
  );
});

test("toGitINI(): subsections split at the first dot, quoted names kept, escapes, bare bools and ints, lists repeated", () => {
  assert.equal(
    toGitINI({
      url: { "ssh://git@github.com/": { insteadOf: "https://github.com/" } },
      'extra "with.dots"': { k: "v" },
      extra: { name: "value", int: 42, bool: true, multiple: [1, 2], escapes: '"\\n\t' },
      a: { b: { c: { d: 1 } } },
    }),
    [
      "[a \"b.c\"]\n\td = 1\n",
      "[extra]\n\tbool = true\n\tescapes = \"\\\"\\\\n\\t\"\n\tint = 42\n\tmultiple = 1\n\tmultiple = 2\n\tname = \"value\"\n",
      '[extra "with.dots"]\n\tk = "v"\n',
      '[url "ssh://git@github.com/"]\n\tinsteadOf = "https://github.com/"\n',
    ].join("\n"),
  );
});

test("toGitINI(): an empty set renders nothing", () => {
  assert.equal(toGitINI({}), "");
});
