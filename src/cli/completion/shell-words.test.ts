/**
 * shell-words.ts: a bash word as typed read as the shell passes it on,
 * and a candidate written so that bash reads it back unchanged.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { quoteBashWord, unquoteBashWord } from "./shell-words.ts";

test("a typed word loses its backslashes and quotes, closed or not", () => {
  assert.equal(unquoteBashWord('environment.etc.\\"my\\ app'), 'environment.etc."my app');
  assert.equal(unquoteBashWord("'a b'c"), "a bc");
  assert.equal(unquoteBashWord('"a\\"b\\c'), 'a"b\\c');
  assert.equal(unquoteBashWord("'unclosed x"), "unclosed x");
  assert.equal(unquoteBashWord("./f#default"), "./f#default");
});

test("a candidate is read back by bash as it is", () => {
  const words = ['environment.etc."my app/conf".', "./f#web", "#x", "~y", "a$b`c'd\\e", "--dry-run", "users.users.alice."];
  const r = spawnSync("bash", ["--norc", "-c", `printf '%s\\n' ${words.map(quoteBashWord).join(" ")}`], { encoding: "utf8" });
  assert.equal(r.stdout, words.join("\n") + "\n");
  assert.equal(quoteBashWord("./f#web"), "./f#web");
  for (const w of words) assert.equal(unquoteBashWord(quoteBashWord(w)), w);
});
