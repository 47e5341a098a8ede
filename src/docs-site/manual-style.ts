/**
 * The manual's style sheet (manual.css): readable type, the options page
 * as a result list beside the chosen option on wide screens (one column
 * on narrow ones), visible keyboard focus, and a dark scheme when the
 * reader's system asks for one.
 */
export const MANUAL_STYLE = `:root {
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --accent: #0a5cc2; --accent-bg: #ddeeff; --code-bg: #eff2f5; --note: #0969da; --warning: #9a6700;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
    --accent: #4493f8; --accent-bg: #1b2e4a; --code-bg: #1f2630; --note: #4493f8; --warning: #d29922; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, input:focus-visible, select:focus-visible, main:focus-visible, article:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
code, pre { font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; }
code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--code-bg); padding: 0.75em 1em; border-radius: 6px; overflow-x: auto; line-height: 1.45; }
pre code { background: none; padding: 0; overflow-wrap: normal; }
.skip-link { position: absolute; left: -100vw; }
.skip-link:focus { left: 1rem; top: 0.5rem; background: var(--bg); padding: 0.5rem; z-index: 2; }
.site-header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 2rem; padding: 0.75rem 1.5rem; background: var(--panel); border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 1.1rem; color: var(--fg); text-decoration: none; }
.site-header ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0; padding: 0; }
.site-header a[aria-current="page"] { font-weight: 600; color: var(--fg); text-decoration-thickness: 2px; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem 1.5rem 2rem; }
.guide { max-width: 50rem; }
h1 { font-size: 1.8rem; margin: 0.5rem 0 0.75rem; }
h2 { font-size: 1.35rem; }
.lead { color: var(--muted); margin-top: 0; }
.search { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 1rem 0 0.5rem; }
.search label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.search .query { flex: 1 1 24rem; }
#search, #section { font: inherit; padding: 0.5rem 0.75rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
#search { width: 100%; font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", monospace; }
#count { color: var(--muted); margin: 0.25rem 0 0.75rem; min-height: 1.5em; }
.options { display: grid; grid-template-columns: minmax(16rem, 26rem) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
@media (max-width: 52rem) { .options { grid-template-columns: 1fr; } }
#results { list-style: none; margin: 0; padding: 0; border: 1px solid var(--line); border-radius: 6px; max-height: 75vh; overflow-y: auto; }
#results li + li { border-top: 1px solid var(--line); }
.result { display: block; padding: 0.45rem 0.75rem; color: var(--fg); text-decoration: none; }
.result:hover, .result:focus { background: var(--panel); }
.result[aria-current="true"] { background: var(--accent-bg); }
.result-name { background: none; padding: 0; font-weight: 600; color: var(--accent); }
.result-summary { display: block; font-size: 0.85rem; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.badge { display: inline-block; margin-left: 0.5rem; padding: 0 0.4rem; font-size: 0.72rem; border: 1px solid var(--line); border-radius: 1em; color: var(--muted); vertical-align: middle; }
#option { border: 1px solid var(--line); border-radius: 6px; padding: 0 1.25rem 1rem; min-height: 8rem; }
#option .hint { color: var(--muted); }
.option-name { margin: 1rem 0 0.25rem; overflow-wrap: anywhere; }
.option-name code { background: none; padding: 0; font-size: 1.1rem; }
.option-context { color: var(--muted); margin: 0 0 0.75rem; font-size: 0.9rem; }
.option-fields { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.5rem 1rem; margin: 1rem 0; }
.option-fields dt { font-weight: 600; }
.option-fields dd { margin: 0; }
.option-type { background: none; padding: 0; }
.option-fields dd pre, .option-fields dd p { margin: 0; }
.option-declarations { margin: 0; padding: 0; list-style: none; }
.permalink { font-size: 0.9rem; }
.admonition { border-left: 4px solid var(--note); background: var(--panel); padding: 0.25rem 1rem; margin: 1rem 0; border-radius: 0 6px 6px 0; }
.admonition.warning, .admonition.caution, .admonition.important { border-left-color: var(--warning); }
.admonition-title { font-weight: 600; margin: 0.5rem 0 0; }
blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 4px solid var(--line); color: var(--muted); }
.guide-contents { background: var(--panel); border-radius: 6px; padding: 0.5rem 1rem; }
.site-footer { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding: 0.5rem 1.5rem; }
`;
