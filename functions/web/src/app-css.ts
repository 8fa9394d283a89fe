/** The style sheet: plain, readable, high-contrast (WCAG AA). A module, not a file, so a bundle carries it. */
export const APP_CSS = `
:root { font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; line-height: 1.5; }
body { margin: 0; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #0b3d6b; color: #fff; }
header a { color: #fff; }
header nav ul, .pager ul, .tabs { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
header a[aria-current="page"], .tabs a[aria-current="page"] { font-weight: bold; text-decoration: underline; }
.brand { margin: 0; font-weight: bold; }
.lang, .who { display: flex; gap: .5rem; align-items: center; margin: 0; }
main { padding: 1rem; max-width: 80rem; }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: bold; }
th, td { border: 1px solid #767676; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.flash { background: #e8f4e8; border: 1px solid #2e7d32; padding: .5rem; }
a { color: #0b4f8a; }
.reasons { margin: 0; padding-left: 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: bold; }
button { font: inherit; }
`;
