/** Types for scripts/build-embed.mjs, so the embed's benchmark can import it. */

/** One built file of the embed. */
export interface EmbedPart {
  file: string;
  gzip: number;
  /** Loaded on every page (the entry and its static imports). */
  always: boolean;
  /** Source files bundled into it. */
  inputs: string[];
  /** The source file it was built from, when it is an entry or an `import()` target. */
  entryPoint?: string;
  /** Files it imports statically. */
  loads: string[];
}
export const EMBED_ALWAYS_MAX_GZIP: number;
export function buildEmbed(
  root: string,
  distDir: string,
): Promise<{ lines: string[]; ok: boolean; parts: EmbedPart[] }>;
