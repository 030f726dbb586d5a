// Static server for the demo shop (demo/site/ at "/") and the end-to-end fixtures
// (e2e/fixtures/ at "/fixtures/"). Node built-ins only, so e2e tests can import it
// without a build step:
//
//   import { startDemoServer } from '../../scripts/demo-server.mjs';
//   const { origin, close } = await startDemoServer();   // port 0 = any free port
//
// On a loopback address the demo shop's origin is http://northwind.localhost:<port>: browsers
// resolve every *.localhost name to the loopback address themselves, and Tact's default rules are
// for that host only (src/core/rules/demo-shop.ts), so a fresh install talks on the demo shop
// and nowhere else. The same pages at http://127.0.0.1:<port> (`ipOrigin`) are "another site".
// Node's own fetch may not resolve *.localhost: use ipOrigin from Node.
//
// Run directly for manual testing: `node scripts/demo-server.mjs [--port 4173] [--host 127.0.0.1]`.
//
// Pages share their common parts instead of copying them: a shop page says
// `<!-- include header -->` (with `current="/shop/"` to mark its section in the main navigation)
// or `<!-- include footer -->` on a line of its own, and the server puts demo/partials/<name>.html
// there, indented like the comment (see expandIncludes); fixtures include e2e/fixtures/partials/
// (the long texts that make them scroll) the same way. Without the server a page is still valid
// HTML, only without those parts.

import { createServer } from 'node:http';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SITE_ROOT = path.join(REPO_ROOT, 'demo', 'site');
const FIXTURES_ROOT = path.join(REPO_ROOT, 'e2e', 'fixtures');
/** The site build of Tact (`npm run build` writes it), served at "/embed/" (TACT_DIST honoured). */
const EMBED_ROOT = path.join(path.resolve(REPO_ROOT, process.env.TACT_DIST || 'dist'), 'embed');
/**
 * Put into a shop page's head when its URL has `?tact-embed`: the page's analytics stubs (a
 * dataLayer and a PostHog stand-in recording what they receive) and the embed, as a site adds it.
 */
const EMBED_SNIPPET =
  '<script src="/fixtures/embed-analytics-stubs.js"></script>\n' +
  '<script type="module" src="/embed/tact-embed.js" data-pack="/fixtures/embed-pack.json" data-consent="granted" data-analytics="dataLayer posthog"></script>\n';
/** Where the pages under each root find what they include (never served as pages). */
const PARTIALS = new Map([
  [SITE_ROOT, path.join(REPO_ROOT, 'demo', 'partials')],
  [FIXTURES_ROOT, path.join(FIXTURES_ROOT, 'partials')],
]);

/** Sent with /fixtures/strict-csp.html (with or without ".html"). */
export const STRICT_CSP =
  "default-src 'self'; frame-src 'none'; style-src 'self'; script-src 'self'; require-trusted-types-for 'script'";

/** Pages worth opening, as URL paths (the shop first, then the fixtures). */
export const DEMO_PAGES = Object.freeze([
  '/',
  '/shop/',
  '/shop/trail-pack-28.html',
  '/pricing.html',
  '/checkout.html',
  '/journal/packing-light.html',
  '/fixtures/plain.html',
  '/fixtures/hostile-css.html',
  '/fixtures/strict-csp.html',
  '/fixtures/snooping.html',
  '/fixtures/forged-messages.html',
  '/fixtures/spa.html',
  '/fixtures/spa/a',
  '/fixtures/spa/b',
]);

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const INCLUDE = /^([ \t]*)<!-- include ([a-z0-9-]+)(?: current="([^"]*)")? -->$/gm;

/**
 * Replaces each `<!-- include <name> -->` line of `html` by `partials[name]`, every line of it
 * indented like the comment. `current="<href>"` marks the main navigation's link to `<href>` as
 * the current page (`aria-current="page"`). Throws, naming what is wrong, for an unknown partial
 * or a `current` with no such navigation link.
 * @param {string} html
 * @param {Record<string, string>} partials name → HTML fragment
 * @returns {string}
 */
export function expandIncludes(html, partials) {
  return html.replace(INCLUDE, (_, indent, name, current) => {
    let part = partials[name];
    if (part === undefined) throw new Error(`no partial "${name}" to include`);
    if (current !== undefined) {
      const link = `<li><a href="${current}">`;
      if (!part.includes(link)) throw new Error(`partial "${name}" has no navigation link to ${current}`);
      part = part.replace(link, `<li><a href="${current}" aria-current="page">`);
    }
    return part
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => (line ? indent + line : line))
      .join('\n');
  });
}

/** The partials in `dir`, read per request so an edit shows on the next reload. */
async function readPartials(dir) {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.html'));
  const texts = await Promise.all(names.map((f) => readFile(path.join(dir, f), 'utf8')));
  return Object.fromEntries(names.map((f, i) => [f.slice(0, -'.html'.length), texts[i]]));
}

/**
 * The bytes to serve for `file`: a page of the shop or of the fixtures with its includes
 * expanded; every other file as it is (also used by the content benchmark's server).
 * @param {string} file an absolute path
 * @returns {Promise<Buffer>}
 */
export async function pageBody(file) {
  const body = await readFile(file);
  const root = [...PARTIALS.keys()].find((r) => file.startsWith(r + path.sep));
  if (!root || !file.endsWith('.html')) return body;
  return Buffer.from(expandIncludes(body.toString('utf8'), await readPartials(PARTIALS.get(root))));
}

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Maps a URL pathname to { root, rel } (rel is a relative, already-decoded path using "/").
 * Throws HttpError(400) for malformed or traversing paths.
 */
function route(pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new HttpError(400, 'Malformed URL');
  }
  if (decoded.includes('\0') || decoded.includes('\\')) throw new HttpError(400, 'Bad path');
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) throw new HttpError(400, 'Bad path');

  // Browsers ask for /favicon.ico on every page (fixtures included); answer so consoles stay clean.
  if (decoded === '/favicon.ico') return { root: SITE_ROOT, rel: 'img/favicon.svg' };
  if (decoded.startsWith('/embed/')) return { root: EMBED_ROOT, rel: decoded.slice('/embed/'.length) };
  if (decoded === '/fixtures' || decoded.startsWith('/fixtures/')) {
    const rel = decoded.slice('/fixtures'.length).replace(/^\/+/, '');
    if (rel === 'partials' || rel.startsWith('partials/')) throw new HttpError(404, 'Not found');
    // Single-page-app fixture: every /fixtures/spa/<anything> is the same document.
    if (rel.startsWith('spa/')) return { root: FIXTURES_ROOT, rel: 'spa.html', spaFallback: true };
    return { root: FIXTURES_ROOT, rel, trailingSlash: decoded.endsWith('/') };
  }
  return { root: SITE_ROOT, rel: decoded.replace(/^\/+/, ''), trailingSlash: decoded.endsWith('/') };
}

/** Resolves inside root and refuses anything (including symlinks) that lands outside it. */
async function safeResolve(root, rel) {
  const candidate = path.resolve(root, rel);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) throw new HttpError(400, 'Bad path');
  let real;
  try {
    real = await realpath(candidate);
  } catch {
    return null;
  }
  const realRoot = await realpath(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new HttpError(404, 'Not found');
  return real;
}

async function statOrNull(p) {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

/**
 * Finds the file for a request: exact file, "dir/" → dir/index.html, "page" → page.html.
 * Returns { file } or { redirect } or null.
 */
async function findFile(pathname, { root, rel, trailingSlash }) {
  const resolved = await safeResolve(root, rel || '.');
  const st = resolved && (await statOrNull(resolved));
  if (st?.isFile()) return { file: resolved };
  if (st?.isDirectory()) {
    if (!trailingSlash) return { redirect: pathname + '/' };
    const index = await safeResolve(root, path.join(rel, 'index.html'));
    if (index && (await statOrNull(index))?.isFile()) return { file: index };
    return null;
  }
  if (rel && !trailingSlash && !path.extname(rel)) {
    const html = await safeResolve(root, rel + '.html');
    if (html && (await statOrNull(html))?.isFile()) return { file: html };
  }
  return null;
}

async function notFoundBody() {
  try {
    return await pageBody(path.join(SITE_ROOT, '404.html'));
  } catch {
    return Buffer.from('<!doctype html><html lang="en"><title>Not found</title><h1>404 — Not found</h1></html>');
  }
}

async function handle(req, res) {
  const baseHeaders = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  const send = (status, headers, body) => {
    res.writeHead(status, { ...baseHeaders, 'Content-Length': body.length, ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const sendText = (status, text) =>
    send(status, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from(text + '\n'));

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendText(405, 'Method not allowed');
  }

  // Look at the raw path: URL parsing would silently collapse "/../" segments.
  const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
  if (!rawPath.startsWith('/')) return sendText(400, 'Bad request');
  const query = (req.url ?? '').slice(rawPath.length);

  try {
    const target = route(rawPath);
    const found = await findFile(rawPath, target);
    if (!found) {
      return send(404, { 'Content-Type': CONTENT_TYPES['.html'] }, await notFoundBody());
    }
    if (found.redirect) {
      return send(
        301,
        { Location: found.redirect + query, 'Content-Type': 'text/plain; charset=utf-8' },
        Buffer.from('Moved\n'),
      );
    }
    let body = await pageBody(found.file);
    const ext = path.extname(found.file).toLowerCase();
    if (ext === '.html' && /[?&]tact-embed\b/.test(query) && found.file.startsWith(SITE_ROOT + path.sep))
      body = Buffer.from(body.toString('utf8').replace('</head>', `${EMBED_SNIPPET}</head>`));
    const headers = { 'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream' };
    if (['strict-csp.html', 'embed-strict-csp.html'].some((f) => found.file === path.join(FIXTURES_ROOT, f)))
      headers['Content-Security-Policy'] = STRICT_CSP;
    return send(200, headers, body);
  } catch (err) {
    if (err instanceof HttpError) {
      if (err.status === 404) return send(404, { 'Content-Type': CONTENT_TYPES['.html'] }, await notFoundBody());
      return sendText(err.status, err.message);
    }
    console.error('[demo-server]', err);
    return sendText(500, 'Internal server error');
  }
}

/** The demo shop's host name (as `DEMO_SHOP_HOST` in src/core/rules/demo-shop.ts, which a unit test keeps equal). */
export const DEMO_SHOP_HOST = 'northwind.localhost';

/**
 * Starts the demo server.
 * @param {{ port?: number, host?: string }} [options] port 0 (the default) picks a free port.
 * @returns {Promise<{ origin: string, ipOrigin: string, server: import('node:http').Server, close: () => Promise<void> }>}
 *   origin is where browsers reach the demo shop, "http://northwind.localhost:41234" when listening
 *   on a loopback address (else the same as ipOrigin); ipOrigin the address itself,
 *   "http://127.0.0.1:41234". No trailing slash. close() also drops keep-alive sockets.
 */
export async function startDemoServer({ port = 0, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error('[demo-server]', err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const hostForUrl =
    address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  const ipOrigin = `http://${hostForUrl}:${address.port}`;
  const loopback = address.address === '::1' || address.address.startsWith('127.');
  const origin = loopback ? `http://${DEMO_SHOP_HOST}:${address.port}` : ipOrigin;
  let closing;
  const close = () => {
    closing ??= new Promise((resolve, reject) => {
      server.close((err) => (err && err.code !== 'ERR_SERVER_NOT_RUNNING' ? reject(err) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };
  return { origin, ipOrigin, server, close };
}

function parseArgs(argv) {
  const opts = { port: 4173, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--port' || flag === '-p') opts.port = Number(value());
    else if (flag === '--host') opts.host = value();
    else if (flag === '--help' || flag === '-h') {
      console.log('Usage: node scripts/demo-server.mjs [--port 4173] [--host 127.0.0.1]');
      process.exit(0);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    console.error(`Invalid --port: ${opts.port}`);
    process.exit(2);
  }
  return opts;
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  const opts = parseArgs(process.argv.slice(2));
  const { origin, ipOrigin, close } = await startDemoServer(opts);
  console.log(`Northwind Outfitters demo shop and Tact fixtures at ${origin}/\n`);
  for (const p of DEMO_PAGES) console.log(`  ${origin}${p}`);
  if (ipOrigin !== origin)
    console.log(`\nThe same pages as another site, where Tact's default rules do not apply: ${ipOrigin}/`);
  console.log('\nPress Ctrl+C to stop.');
  const stop = (signal) => {
    console.log(`\n${signal}: stopping demo server.`);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
