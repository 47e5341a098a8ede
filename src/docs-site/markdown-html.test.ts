/**
 * The manual's Markdown renderer: what option descriptions and the README
 * use, and that nothing of the source becomes markup or a script link.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { markdownToHtml } from "./markdown-html.ts";

test("inline syntax: code spans, MyST roles, links, emphasis, escapes", () => {
  assert.equal(
    markdownToHtml("Set {option}`programs.git.enable`, run {command}`git log`, see [the *manual*](https://git-scm.com/docs) or <https://example.com/a?b=1&c=2>; **strong**, \\*not em\\*, `` a`b ``."),
    '<p>Set <a class="option-ref" href="#opt-programs.git.enable"><code>programs.git.enable</code></a>, run <code>git log</code>, see <a href="https://git-scm.com/docs">the <em>manual</em></a> or <a href="https://example.com/a?b=1&amp;c=2">https://example.com/a?b=1&amp;c=2</a>; <strong>strong</strong>, *not em*, <code>a`b</code>.</p>',
  );
  assert.equal(markdownToHtml("See {option}`a.<name>.b`.", { optionsPage: "index.html" }), '<p>See <a class="option-ref" href="index.html#opt-a.%3Cname%3E.b"><code>a.&lt;name&gt;.b</code></a>.</p>');
});

test("blocks: paragraphs, headings, fences, nested lists, quotes, admonitions, reference links", () => {
  const md = "# Title\n\nOne\nline.\n\n```nix\n{ a = 1; }\n```\n\n- a\n- b\n  - c\n\n1. x\n2. y\n\n> quoted\n\n::: {.warning}\nCareful.\n:::\n\nSee [ref].\n\n[ref]: https://example.com\n";
  assert.equal(
    markdownToHtml(md, { headingOffset: 1 }),
    [
      '<h2 id="title">Title</h2>',
      "<p>One\nline.</p>",
      '<pre><code class="language-nix">{ a = 1; }\n</code></pre>',
      "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul></li>\n</ul>",
      "<ol>\n<li>x</li>\n<li>y</li>\n</ol>",
      "<blockquote><p>quoted</p></blockquote>",
      '<aside class="admonition warning"><p class="admonition-title">Warning</p><p>Careful.</p></aside>',
      '<p>See <a href="https://example.com">ref</a>.</p>',
    ].join("\n"),
  );
});

test("hostile text: raw HTML is text, a link to another scheme is its text alone", () => {
  const html = markdownToHtml('<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](JAVASCRIPT:x) [c]( java\tscript:x) [d](data:text/html,x) [e](vbscript:x) <javascript:alert(1)>\n\n[r]\n\n[r]: javascript:alert(2)\n\n```"><script>\n</code><script>\n```');
  assert.equal(
    html,
    '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>a b [c]( java\tscript:x) d e &lt;javascript:alert(1)&gt;</p>\n<p>r</p>\n<pre><code>&lt;/code&gt;&lt;script&gt;\n</code></pre>',
  );
});
