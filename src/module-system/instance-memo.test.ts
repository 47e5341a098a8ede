/**
 * The memo of submodule instances: an evaluation with the entries of an
 * earlier one evaluates only the instances whose name, definitions or
 * outside reads changed, and gives the configuration an evaluation
 * without the memo gives; definitions that are not data, and a type
 * merged with another declaration's, are always evaluated.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, mkDefault, mkForce, mkOption, types } from "./test-support.ts";
import { InstanceMemo, useInstanceMemo } from "./instance-memo.ts";

/** A JavaScript view forced whole into plain data. */
const forced = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

let evaluations = 0;
let outside = "/home/alice";

const entryModule = ({ name, config }: { name: string; config: { text: string } }) => {
  evaluations++;
  return {
    config: {
      get shown() {
        return mkDefault(`${outside}/${name}: ${config.text.toUpperCase()}`);
      },
    },
  };
};
const fileType = (memo = true) =>
  types.attrsOf(
    types.submoduleWith({
      modules: [{ options: { text: mkOption({ type: types.str }), shown: mkOption({ type: types.str }), mode: mkOption({ type: types.int, default: 420 }) } }, entryModule],
      shorthandOnlyDefinesConfig: true,
      ...(memo ? { memo: { id: "test/file-type", outside: () => [outside] } } : {}),
    }),
  );
const decl = declare({ files: mkOption({ type: fileType(), default: {} }) });

/** The configuration's `files`, forced whole, with `memo` in use (none: undefined). */
function files(memo: InstanceMemo | undefined, ...defs: unknown[]): unknown {
  useInstanceMemo(memo);
  try {
    return forced(configOf(decl, ...defs).files);
  } finally {
    useInstanceMemo(undefined);
  }
}

const defs = (b: string) => ({ files: { a: { text: "one" }, b: { text: b, mode: mkForce(384) } } });

test("an evaluation with an earlier one's memo evaluates only the changed instance, and gives what no memo gives", () => {
  const first = new InstanceMemo();
  evaluations = 0;
  const before = files(first, defs("two"));
  assert.equal(evaluations, 2);
  assert.equal(first.misses, 2);

  const second = new InstanceMemo(first.entries());
  evaluations = 0;
  const after = files(second, defs("three"));
  assert.equal(second.hits, 1, "entry a is answered by the memo");
  assert.equal(second.misses, 1);
  assert.equal(evaluations, 1, "only entry b is evaluated");
  assert.deepEqual(after, files(undefined, defs("three")));
  assert.deepEqual((after as Record<string, unknown>).a, (before as Record<string, unknown>).a);
  assert.deepEqual((after as Record<string, { shown: string; mode: number }>).b, { text: "three", shown: "/home/alice/b: THREE", mode: 384 });

  const third = new InstanceMemo(second.entries());
  assert.deepEqual(files(third, defs("three")), after);
  assert.equal(third.hits, 2, "the memo kept what the second evaluation used and evaluated");
});

test("a changed outside read evaluates every instance again", () => {
  const first = new InstanceMemo();
  files(first, defs("two"));
  outside = "/home/bob";
  try {
    const second = new InstanceMemo(first.entries());
    evaluations = 0;
    const c = files(second, defs("two")) as Record<string, { shown: string }>;
    assert.equal(second.hits, 0);
    assert.equal(evaluations, 2);
    assert.equal(c.a?.shown, "/home/bob/a: ONE");
  } finally {
    outside = "/home/alice";
  }
});

test("a definition that is not data (a module function) is evaluated every time, never answered", () => {
  const asFunction = { files: { a: () => ({ text: "one" }) } };
  const first = new InstanceMemo();
  files(first, asFunction);
  assert.equal(first.misses, 0);
  const second = new InstanceMemo(first.entries());
  evaluations = 0;
  assert.deepEqual(files(second, asFunction), { a: { text: "one", shown: "/home/alice/a: ONE", mode: 420 } });
  assert.equal(second.hits, 0);
  assert.equal(evaluations, 1);
});

test("an option whose type is merged with another declaration's (other modules) is never answered by the memo", () => {
  const extra = declare({ files: mkOption({ type: types.attrsOf(types.submodule({ options: { owner: mkOption({ type: types.str, default: "root" }) } })) }) });
  const first = new InstanceMemo();
  useInstanceMemo(first);
  try {
    const c = forced(configOf(decl, extra, defs("two")).files) as Record<string, { owner: string }>;
    assert.equal(c.a?.owner, "root");
  } finally {
    useInstanceMemo(undefined);
  }
  assert.equal(first.misses + first.hits, 0);
});
