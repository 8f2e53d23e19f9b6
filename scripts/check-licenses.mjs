// Fails when any installed package is only available under GPL or AGPL: the
// portal is Apache-2.0. LGPL packages are listed, not failed: two come with
// Backstage itself (rollup-plugin-dts in the CLI's build tooling, isomorphic-git's
// pgp plugin in scaffolder-node) and LGPL permits use as an unmodified library.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', 'node_modules');
const offending = [];
const lesser = [];
let count = 0;

function visit(dir) {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (name.startsWith('@')) {
      visit(path);
      continue;
    }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) {
      count++;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      const licence =
        typeof pkg.license === 'string'
          ? pkg.license
          : pkg.license?.type ??
            (pkg.licenses ?? []).map(l => l.type ?? l).join(' OR ');
      // "(MIT OR GPL-3.0)" is fine: a permissive choice exists.
      const choices = String(licence ?? '')
        .replace(/[()]/g, '')
        .split(/\s+OR\s+/i);
      const id = `${pkg.name}@${pkg.version}: ${licence}`;
      if (choices.every(c => /(^|[^L])GPL/i.test(c))) offending.push(id);
      else if (choices.every(c => /LGPL/i.test(c))) lesser.push(id);
    }
    const nested = join(path, 'node_modules');
    if (existsSync(nested)) visit(nested);
  }
}

visit(root);
if (offending.length) {
  console.error(`GPL-family licences found:\n  ${offending.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `licences: ${count} packages checked, none GPL/AGPL; LGPL: ${
    lesser.join(', ') || 'none'
  }`,
);
