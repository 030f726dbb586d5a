/** Types for scripts/css-text.mjs, so its unit test can import it. */
export function bareCss(css: string): string;
export function cssText(): import('esbuild').Plugin;
