// Prints the JavaScript that the first page load downloads (the entry chunk and everything it
// imports statically), gzip-compressed, and fails when it is over the budget of the web-client
// issue (200 kB). Lazy chunks (every screen but the calls list) are listed apart. The brotli
// figure is what the server sends to browsers that accept it (the build writes `.br` copies).
// Run after `vite build`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const BUDGET_KB = 200;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const br = (file) => brotliCompressSync(readFileSync(join(dist, file))).length;

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
let totalBr = 0;
for (const file of initial) {
  total += gz(file);
  totalBr += br(file);
}
const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !initial.has(c.file));
let lazyTotal = 0;
for (const c of lazy) lazyTotal += gz(c.file);
console.log(`initial JS: ${kb(total)} kB gzip (${kb(totalBr)} kB brotli) in ${initial.size} files (budget ${BUDGET_KB} kB gzip)`);
console.log(`lazy JS (screens and other on-demand chunks): ${kb(lazyTotal)} kB gzip in ${lazy.length} files`);
if (total / 1024 > BUDGET_KB) {
  console.error(`over budget by ${kb(total - BUDGET_KB * 1024)} kB`);
  process.exitCode = 1;
}
