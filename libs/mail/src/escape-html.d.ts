// Minimal typing for `escape-html` (installed with express; no @types package in this repo).
declare module 'escape-html' {
  /** Escapes `"`, `&`, `'`, `<` and `>` for use in HTML text and quoted attribute values. */
  function escapeHtml(value: string): string;
  export = escapeHtml;
}
