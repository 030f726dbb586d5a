/**
 * The bench page server: serves one page (and the files next to it) on 127.0.0.1, and variants of
 * that page: with a peer's embed script added (`?bench=shepherd|intro|typebot|empty-listener`, for
 * `bench:content`), or with a page script that shows a popup on exit intent
 * (`?bench=floor|shepherd-popup|intro-popup`, for `bench:overlay`; the scripts are in
 * bench/popups/). The peers' files come from node_modules, so nothing is fetched from the network;
 * Typebot's API host is this server, which answers 404.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from '../e2e/harness/common.ts';
import { pageBody } from '../scripts/demo-server.mjs';

const NM = path.join(ROOT, 'node_modules');

/** What each variant adds to the page: the files it loads and the markup that loads them. */
export const PEERS = {
  'empty-listener': {
    files: [] as string[],
    html: `<script>addEventListener('mousemove', function () {}, { passive: true }); addEventListener('wheel', function () {}, { passive: true });</script>`,
  },
  shepherd: {
    files: ['shepherd.js/dist/js/shepherd.mjs', 'shepherd.js/dist/css/shepherd.css'],
    html: `<link rel="stylesheet" href="/__bench/shepherd.css"><script type="module">import Shepherd from '/__bench/shepherd.mjs'; const tour = new Shepherd.Tour({ defaultStepOptions: { cancelIcon: { enabled: true } } }); tour.addStep({ id: 'hello', text: 'Welcome to the shop', attachTo: { element: 'h1', on: 'bottom' } }); window.__peer = tour;</script>`,
  },
  intro: {
    files: ['intro.js/minified/intro.min.js', 'intro.js/minified/introjs.min.css'],
    html: `<link rel="stylesheet" href="/__bench/introjs.min.css"><script src="/__bench/intro.min.js"></script><script>window.__peer = introJs.tour().setOptions({ steps: [{ intro: 'Welcome to the shop' }] });</script>`,
  },
  typebot: {
    files: ['@typebot.io/js/dist/web.js'],
    html: `<script type="module">import Typebot from '/__bench/web.js'; Typebot.initBubble({ typebot: 'bench', apiHost: location.origin + '/__typebot' }); window.__peer = Typebot;</script>`,
  },
} as const;
export type PeerName = keyof typeof PEERS;

/**
 * Where the popups' bare imports are served from (node_modules' own files, as the tools that check
 * bench/popups/ resolve them).
 */
const IMPORTS: Record<string, string> = {
  'lit/html.js': '/node_modules/lit/html.js',
  'lit-html': '/node_modules/lit-html/lit-html.js',
  'shepherd.js': '/node_modules/shepherd.js/dist/js/shepherd.mjs',
};
const IMPORT_MAP = `<script type="importmap">${JSON.stringify({ imports: IMPORTS })}</script>`;

/**
 * Popups shown on exit intent by a plain page script (bench/popups/), for `bench:overlay`: the
 * floor (a lit-html bubble rendered into a shadow root) and two in-page peers. `probe` is the
 * selector of the element the visitor sees once the popup is painted.
 */
export const POPUPS = {
  floor: {
    probe: ':root > div[popover]',
    html: `${IMPORT_MAP}<script type="module" src="/__bench/popups/floor.js"></script>`,
  },
  'shepherd-popup': {
    probe: '.shepherd-element',
    html: `${IMPORT_MAP}<link rel="stylesheet" href="/__bench/shepherd.css"><script type="module" src="/__bench/popups/shepherd-popup.js"></script>`,
  },
  'intro-popup': {
    probe: '.introjs-tooltip',
    html: `<link rel="stylesheet" href="/__bench/introjs.min.css"><script src="/__bench/intro.min.js"></script><script type="module" src="/__bench/popups/intro-popup.js"></script>`,
  },
} as const;
export type PopupName = keyof typeof POPUPS;

export function sizeOf(files: string[]): { raw: number; gzip: number } {
  const buf = Buffer.concat(files.map((f) => fs.readFileSync(f)));
  return { raw: buf.length, gzip: buf.length ? zlib.gzipSync(buf, { level: 9 }).length : 0 };
}

/** Bytes a peer adds to the page: its files plus the inline markup. */
export function peerBytes(name: PeerName): { raw: number; gzip: number } {
  const files = sizeOf(PEERS[name].files.map((f) => path.join(NM, f)));
  const html = Buffer.from(PEERS[name].html);
  return { raw: files.raw + html.length, gzip: files.gzip + zlib.gzipSync(html, { level: 9 }).length };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.json': 'application/json',
};

/**
 * Serves `root`; returns its origin, the same server under the loopback address's other name
 * (`otherOrigin`, http://localhost:<port>: another site to the browser, which no rule for `origin`
 * covers), and a close function. `extensionDir` (the built extension) gives the floor popup Tact's
 * own overlay stylesheet.
 */
export async function startBenchServer(
  root: string,
  extensionDir?: string,
): Promise<{ origin: string; otherOrigin: string; close: () => Promise<void> }> {
  const popupDir = path.join(ROOT, 'bench', 'popups');
  const peerFiles = new Map<string, string>([
    ...Object.values(PEERS).flatMap((p) =>
      p.files.map((f): [string, string] => [`/__bench/${path.basename(f)}`, path.join(NM, f)]),
    ),
    ...fs.readdirSync(popupDir).map((f): [string, string] => [`/__bench/popups/${f}`, path.join(popupDir, f)]),
    ...Object.values(IMPORTS).map((url): [string, string] => [url, path.join(ROOT, url)]),
    ...(extensionDir ? [['/__bench/overlay.css', path.join(extensionDir, 'overlay.css')] as [string, string]] : []),
  ]);
  const variants = new Map<string, { html: string }>([...Object.entries(PEERS), ...Object.entries(POPUPS)]);
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let file = peerFiles.get(url.pathname);
    if (!file && url.pathname.startsWith('/__typebot')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no typebot here"}');
      return;
    }
    if (!file) {
      const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
      file = path.join(root, rel.endsWith('/') || rel === '' ? `${rel}index.html` : rel);
      if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404).end('not found');
        return;
      }
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    let body: Buffer | string;
    try {
      body = await pageBody(file); // a demo shop page gets its header and footer
    } catch (error) {
      res.writeHead(500).end((error as Error).message);
      return;
    }
    const variant = variants.get(url.searchParams.get('bench') ?? '');
    if (type.startsWith('text/html') && variant) {
      const html = body.toString('utf8');
      const at = html.search(/<\/body>/i);
      body = at >= 0 ? html.slice(0, at) + variant.html + html.slice(at) : html + variant.html;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  };
  const server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    otherOrigin: `http://localhost:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
