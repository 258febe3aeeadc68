/** Checks shared by the report tests: the page loads nothing from the network and its CSP allows only what is inlined. */
import { createHash } from 'node:crypto';

export function inlineScripts(html: string): { readonly attrs: string; readonly body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1] ?? '', body: m[2] ?? '' }));
}

export function cspOf(html: string): string {
  return /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
}

/** Asserts: no URL to load, CSP blocks the network, and exactly `codeScripts` inline scripts, each allowed by its hash. */
export function expectSelfContained(html: string, codeScripts: number): void {
  expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
  expect(html).not.toMatch(/<(link|iframe|object|embed|img)\b/i);
  const withoutLicences = html.replace(/\/\*![\s\S]*?\*\//g, '');
  expect(withoutLicences).not.toMatch(/https?:\/\//i);
  const csp = cspOf(html);
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  const hash = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');
  const code = inlineScripts(html).filter((s) => !s.attrs.includes('application/json'));
  expect(code).toHaveLength(codeScripts);
  if (codeScripts === 0) expect(csp).toContain("script-src 'none'");
  for (const s of code) expect(csp).toContain(`'sha256-${hash(s.body)}'`);
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  expect(styles).toHaveLength(1);
  expect(csp).toContain(`style-src 'sha256-${hash(styles[0]?.[1] ?? '')}'`);
  // Outside the scripts and the stylesheet, no element has a style attribute (the CSP would block it) or an event handler.
  const markup = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '').replace(/<style>[\s\S]*?<\/style>/g, '');
  for (const tag of markup.match(/<[a-z][^>]*>/gi) ?? []) expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\s(style|on[a-z]+)\s*=/i);
  expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
}
