// Fails when two source files under src/ share a name (ignoring the folder), so a name found in a
// stack trace, a search or a review always points to one file. Run by `npm run lint:deps`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');
const byName = new Map();
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) walk(file);
    else if (/\.(ts|mts|js|mjs)$/.test(e.name))
      byName.set(e.name, [...(byName.get(e.name) ?? []), path.relative(root, file)]);
  }
})(root);
const clashes = [...byName].filter(([, files]) => files.length > 1);
for (const [name, files] of clashes) console.error(`same file name ${name}: ${files.join(', ')}`);
if (clashes.length) process.exit(1);
console.log(`✔ ${byName.size} source files under src/, every name used once`);
