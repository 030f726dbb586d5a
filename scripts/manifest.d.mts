/** Types for scripts/manifest.mjs, so its unit test can import it. */
export type BuildTarget = 'chrome' | 'firefox';
export type Manifest = Record<string, unknown> & {
  web_accessible_resources?: { resources: string[]; matches?: string[]; [key: string]: unknown }[];
};
export const OVERRIDES: Record<BuildTarget, Record<string, unknown>>;
export function manifestFor(base: Manifest, target: BuildTarget): Manifest;
