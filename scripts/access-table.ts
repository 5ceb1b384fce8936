// `npm run docs:access`: rewrites the "who may do what" table of docs/security.md from the
// routes as registered (test/http/access.test.ts fails while the document differs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/http/app.js';
import { openStore } from '../src/store/database.js';
import { accessTableMarkdown } from '../src/http/access-table.js';

const doc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'security.md');
const store = await openStore({ kind: 'pglite', dataDir: null });
const app = await buildApp({ store, webDist: null });
await app.ready();
const text = fs.readFileSync(doc, 'utf8');
fs.writeFileSync(
  doc,
  text.replace(/<!-- access-table -->\n[\s\S]*?\n<!-- \/access-table -->/, `<!-- access-table -->\n${accessTableMarkdown(app.declaredRoutes)}\n<!-- /access-table -->`),
);
await app.close();
await store.close();
