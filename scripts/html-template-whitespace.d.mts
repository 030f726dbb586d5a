/** Types for scripts/html-template-whitespace.mjs, so its unit test can import it. */
import type { Plugin } from 'esbuild';
export function collapseHtmlTemplates(source: string, fileName?: string): string;
export function htmlTemplateWhitespace(): Plugin;
