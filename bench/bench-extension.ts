/**
 * A throwaway copy of the built Chromium extension with a page of the bench's own (`bench.html`,
 * loading `entry` bundled as `bench.js`), from which the bench drives Tact's real background and
 * IndexedDB: bench:engine's event log, bench:results' seeding and reads.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Writes that copy of `dist` (a built extension) to `ext`, replacing any earlier one. */
export async function extensionWithBenchPage(root: string, dist: string, ext: string, entry: string): Promise<void> {
  fs.rmSync(ext, { recursive: true, force: true });
  fs.cpSync(dist, ext, { recursive: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    target: 'chrome121',
    outfile: path.join(ext, 'bench.js'),
    logLevel: 'warning',
    absWorkingDir: root,
  });
  fs.writeFileSync(
    path.join(ext, 'bench.html'),
    '<!doctype html>\n<meta charset="utf-8">\n<title>tact bench</title>\n<script type="module" src="bench.js"></script>\n',
  );
}
