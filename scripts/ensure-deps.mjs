// What `npm start` and `npm test` need before anything else runs, installed when missing: a Node.js
// recent enough for the dependencies, the npm dependencies (npm ci), and the browsers. Node
// built-ins only, because node_modules may not exist yet.
//   node scripts/ensure-deps.mjs                     dependencies + Chromium + Firefox (npm test)
//   node scripts/ensure-deps.mjs --browsers chromium dependencies + Chromium only
//   import { ensureNode, ensureDependencies, ensureBrowsers } from './ensure-deps.mjs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where each browser is looked for, and the Debian package that provides it. */
export const BROWSERS = {
  chromium: { env: 'CHROME_PATH', path: '/usr/bin/chromium', apt: 'chromium', name: 'Chromium' },
  firefox: { env: 'FIREFOX_PATH', path: '/usr/bin/firefox-esr', apt: 'firefox-esr', name: 'Firefox' },
};

function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

/** The lowest version of "x.y.z" a `>=x.y[.z]` range allows, as numbers. */
function minimumOf(range) {
  const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(range.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

/** Exits with a clear message when this Node.js is older than package.json's `engines.node`. */
export function ensureNode() {
  const range = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines?.node ?? '';
  const min = minimumOf(range);
  const have = process.versions.node.split('.').map(Number);
  const older = min && (have[0] - min[0] || have[1] - min[1] || have[2] - min[2]) < 0;
  if (older)
    fail(
      `Tact needs Node.js ${range}; this is ${process.versions.node}. Install a newer Node.js (https://nodejs.org).`,
    );
}

/** Runs `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('Installing dependencies (npm ci)…');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) fail('"npm ci" failed: see the messages above.');
}

/**
 * Makes sure each browser is there: at its environment variable's path, or at the Debian path,
 * installed with apt-get when this user may (root, or sudo without a password). Otherwise exits
 * saying how to install it or where to point the variable.
 */
export function ensureBrowsers(kinds) {
  const missing = kinds.filter((k) => !fs.existsSync(process.env[BROWSERS[k].env] ?? BROWSERS[k].path));
  if (missing.length === 0) return;
  const packages = missing.map((k) => BROWSERS[k].apt);
  const pointed = missing.filter((k) => process.env[BROWSERS[k].env]);
  const isRoot = process.getuid?.() === 0;
  const canSudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (pointed.length === 0 && hasApt && (isRoot || canSudo)) {
    console.log(`Installing ${packages.join(' and ')} with apt-get…`);
    const prefix = [...(isRoot ? [] : ['sudo', '-n']), 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
    const apt = (args) => run(prefix[0], [...prefix.slice(1), ...args]);
    if (apt(['update', '-q']) && apt(['install', '-y', '-q', '--no-install-recommends', ...packages])) return;
  }
  fail(
    missing
      .map((k) => {
        const b = BROWSERS[k];
        const where = process.env[b.env] ?? b.path;
        return `${b.name} was not found at ${where}.`;
      })
      .join('\n  ') +
      `\n  Install it (Debian/Ubuntu: sudo apt-get install -y ${packages.join(' ')}),` +
      `\n  or point ${missing.map((k) => BROWSERS[k].env).join(' / ')} at your browser.`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--browsers');
  // Like the end-to-end harness: TACT_BROWSERS (comma-separated) narrows the browsers needed.
  const kinds = (i >= 0 ? process.argv[i + 1] : (process.env.TACT_BROWSERS ?? Object.keys(BROWSERS).join(','))).split(
    ',',
  );
  ensureNode();
  ensureDependencies();
  ensureBrowsers(kinds.filter((k) => k in BROWSERS));
}
