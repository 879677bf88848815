// Prints the JavaScript that the first page load downloads (the entry chunk and everything it
// imports statically), gzip-compressed, and fails when it is over the budget of the web-client
// issue (250 kB). Lazy chunks (the admin screens) are listed apart. Run after `vite build`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

const kb = (n) => (n / 1024).toFixed(1);
let total = 0;
for (const file of initial) total += gz(file);
const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !initial.has(c.file));
let lazyTotal = 0;
for (const c of lazy) lazyTotal += gz(c.file);
console.log(`initial JS: ${kb(total)} kB gzip in ${initial.size} files (budget ${BUDGET_KB} kB)`);
console.log(`lazy JS (admin and other on-demand chunks): ${kb(lazyTotal)} kB gzip in ${lazy.length} files`);
if (total / 1024 > BUDGET_KB) {
  console.error(`over budget by ${kb(total - BUDGET_KB * 1024)} kB`);
  process.exitCode = 1;
}
