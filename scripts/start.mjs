// `npm start`: installs what is missing, builds, serves the demo shop on 127.0.0.1 and opens a
// browser with the built extension loaded on it.
//   node scripts/start.mjs             Chromium (CHROME_PATH, default /usr/bin/chromium)
//   node scripts/start.mjs --firefox   Firefox via web-ext run (FIREFOX_PATH, default /usr/bin/firefox-esr)
// Options: --port N (demo site port, default 4173), --no-browser (build and serve only).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBrowsers, ensureDependencies, ensureNode } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const firefox = argv.includes('--firefox');
const noBrowser = argv.includes('--no-browser');
const portArg = argv.indexOf('--port');
const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.PORT ?? 4173);

function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(`"${cmd} ${args.join(' ')}" failed (exit ${result.status ?? result.signal}).`);
}

// 1. Node.js and the dependencies (npm ci when node_modules is missing or stale).
ensureNode();
ensureDependencies();

// 2. Build both browsers.
run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);

// 3. The browser (installed with apt-get when missing and allowed, else a clear message).
if (!noBrowser) ensureBrowsers([firefox ? 'firefox' : 'chromium']);
const browserPath = firefox
  ? (process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr')
  : (process.env.CHROME_PATH ?? '/usr/bin/chromium');
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (!noBrowser && !hasDisplay) {
  fail(
    'No display found (DISPLAY and WAYLAND_DISPLAY are not set), so no browser window can open.\n' +
      '  On a desktop, run this from a terminal inside your session.\n' +
      '  On a server, run it under a virtual display: xvfb-run -a npm start\n' +
      '  Or serve the demo only with "npm start -- --no-browser" and load dist/chrome by hand (see README).',
  );
}

// 4. Serve the demo shop.
const { startDemoServer } = await import('./demo-server.mjs');
let server;
try {
  server = await startDemoServer({ port });
} catch (error) {
  fail(
    `Could not serve the demo site on 127.0.0.1:${port}: ${error.message}\n  Try another port: npm start -- --port 4180`,
  );
}
const url = `${server.origin}/`;
console.log(`\nDemo shop: ${url}`);
console.log('Try: move the cursor out through the top of the page (exit intent), or scroll the pricing page.');
console.log(`Tact's default rules talk on the demo shop only; ${server.ipOrigin}/ is the same shop as any other site.`);

let child;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), firefox ? 'tact-firefox-' : 'tact-chromium-'));
async function shutDown(code = 0) {
  child?.kill();
  await server.close();
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => shutDown(0));
process.on('SIGTERM', () => shutDown(0));

if (noBrowser) {
  console.log('Serving only (--no-browser). Press Ctrl+C to stop.');
} else if (firefox) {
  const webExt = path.join(root, 'node_modules', '.bin', 'web-ext');
  child = spawn(
    webExt,
    [
      'run',
      '--source-dir',
      path.join(root, 'dist', 'firefox'),
      '--firefox',
      browserPath,
      '--firefox-profile',
      profile,
      '--profile-create-if-missing',
      '--start-url',
      url,
      '--no-reload',
    ],
    { stdio: 'inherit' },
  );
} else {
  const ext = path.join(root, 'dist', 'chrome');
  child = spawn(
    browserPath,
    [
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${ext}`,
      `--load-extension=${ext}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Chromium refuses to run as root with its sandbox (containers, CI boxes).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      url,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
}
if (child) {
  console.log(
    `Opened ${firefox ? 'Firefox' : 'Chromium'} with Tact loaded (fresh profile). Close the browser or press Ctrl+C to stop.`,
  );
  child.on('error', (error) => {
    console.error(`Could not start ${browserPath}: ${error.message}`);
    void shutDown(1);
  });
  child.on('exit', (code) => void shutDown(code ?? 0));
}
