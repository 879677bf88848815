// Fails when src/lib/api/schema.ts is not what openapi-typescript makes of ../openapi/openapi.json,
// so the client's types cannot drift from the committed contract. Fix: `npm run generate:api`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src/lib/api/schema.ts');
const dir = mkdtempSync(join(tmpdir(), 'siilo-api-'));
const fresh = join(dir, 'schema.ts');
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/openapi-typescript/bin/cli.js'), join(root, '../openapi/openapi.json'), '-o', fresh],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const same = readFileSync(fresh, 'utf8') === readFileSync(committed, 'utf8');
  if (!same) {
    console.error('src/lib/api/schema.ts is stale: run `npm run generate:api` and commit the result.');
    process.exitCode = 1;
  } else {
    console.log('src/lib/api/schema.ts matches ../openapi/openapi.json');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
