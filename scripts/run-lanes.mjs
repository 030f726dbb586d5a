// Runs npm scripts in parallel lanes, each lane's scripts one after the other, for `npm test`: the
// checks before the browsers (type-check, ESLint, Prettier, unit tests…) are each one busy
// process, so two lanes on a 2-core machine take about the time of the longer lane, not the sum.
//   node scripts/run-lanes.mjs "lint build lint:firefox" "typecheck lint:format test:unit"
// A script's output is printed whole when it ends, under its name and time, so lanes never
// interleave. A lane stops at its first failing script; the others finish theirs; exit 1 if any failed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run <script>`; resolves with whether it passed, once its output is printed. */
function runScript(script) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const passed = code === 0;
      process.stdout.write(`\n${passed ? '✔' : '✖'} npm run ${script} (${seconds} s)\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(passed);
    });
  });
}

/** Runs a lane's scripts in order; false at the first that fails. */
async function runLane(scripts) {
  for (const script of scripts) if (!(await runScript(script))) return false;
  return true;
}

const lanes = process.argv.slice(2).map((lane) => lane.split(/\s+/).filter(Boolean));
if (lanes.length === 0 || lanes.some((lane) => lane.length === 0)) {
  console.error('usage: node scripts/run-lanes.mjs "<script> <script>…" "<script>…" …');
  process.exit(2);
}
const started = performance.now();
const results = await Promise.all(lanes.map(runLane));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const failed = results.filter((passed) => !passed).length;
console.log(
  `\n${failed ? `✖ ${failed} of ${lanes.length} lanes failed` : `✔ ${lanes.length} lanes passed`} in ${seconds} s`,
);
process.exit(failed ? 1 : 0);
