// `npm run test:unit`: the unit test files (every *.test.ts under src/, scripts/ and bench/, or those named),
// in as few Node processes as keeps them apart. Each file in a process of its own paid ~0.6 s of
// Node and tsx start-up and its own loading of the packages, most of the 80 s the 96 files took
// in `npm test`. A file that changes what its whole process shares (a global, the timers, the fake
// IndexedDB, a shared object's methods, process.env, a package's global settings) still runs
// alone; the others run together in one (scripts/unit-tests-together.ts), each with its own copy
// of the Tact modules and its own suite, and failing if it changes a global after all.
//   node scripts/run-unit-tests.mjs [--alone] [node --test options] [files…]
// --alone runs every file in a process of its own, as before, to compare or to rule out a leak.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What in a test file's source changes what every module of its process sees. */
const CHANGES_THE_PROCESS = [
  /\bglobalThis\b/, // globals given, replaced or stubbed (chrome, document, performance…)
  /fake-indexeddb/, // installs indexedDB and friends as globals
  /\bmock\.(timers|method|getter|setter|property)\b/, // the timers, or a shared object's members
  /\bObject\.(defineProperty|defineProperties|assign)\(\s*[A-Z]\w*(\.prototype)?\b/, // a built-in's members
  /\b[A-Z]\w*(\.prototype)?\.\w+\s*=[^=]/, // the same by assignment (`Date.now = …`)
  /\bprocess\.(chdir|on|once|exitCode|umask)\b|\bprocess\.env\b[^;\n]*[^=!<>]=[^=]|delete process\.env/,
  /\b(configureGlobal|setGlobalConfig|setGlobalMessage|setSchemaMessage|setSpecificMessage)\b/, // packages' settings
];

/** Every *.test.ts under these folders, sorted. */
function testFiles(dirs) {
  return dirs
    .flatMap((dir) => fs.readdirSync(path.join(root, dir), { recursive: true }).map((name) => path.join(dir, name)))
    .filter((file) => file.endsWith('.test.ts') && !file.split(path.sep).includes('node_modules'))
    .sort();
}

const args = process.argv.slice(2);
const alone = args.includes('--alone');
const options = args.filter((arg) => arg.startsWith('--') && arg !== '--alone');
const named = args.filter((arg) => !arg.startsWith('--'));
const files = named.length
  ? named.map((file) => path.relative(root, path.resolve(file)))
  : testFiles(['src', 'scripts', 'bench']);

const changesTheProcess = (file) => {
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  return CHANGES_THE_PROCESS.some((pattern) => pattern.test(source));
};
const together = alone ? [] : files.filter((file) => !changesTheProcess(file));
const apart = files.filter((file) => !together.includes(file));

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    ...options,
    ...apart,
    ...(together.length ? [path.join('scripts', 'unit-tests-together.ts')] : []),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TACT_UNIT_TOGETHER: together.join('\n') } },
);
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
