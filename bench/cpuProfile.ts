/*
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the backend's
 * CPU time went, by package and by function.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/cpuProfile.ts FILE [--top 25] [--match TEXT]
 *
 * "self" is time in the function itself, "total" time with it anywhere on the
 * stack (counted once per sample, so recursion does not inflate it).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

function packageOf(url: string): string {
  if (!url) return '(native/idle/gc)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:internal';
  const repo = url.indexOf('/work/main/');
  return repo >= 0 ? url.slice(repo + '/work/main/'.length) : url;
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      match: { type: 'string' },
    },
  });
  const top = Number(values.top);
  const profile: Profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${packageOf(
      n.callFrame.url,
    )}:${n.callFrame.lineNumber + 1}`;

  const selfByPackage = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const totalByFunction = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // ms, attributed to sample i
    const leaf = byId.get(profile.samples[i])!;
    all += dt;
    const name = leaf.callFrame.functionName;
    const pkg =
      name === '(idle)' ||
      name === '(garbage collector)' ||
      name === '(program)'
        ? name
        : packageOf(leaf.callFrame.url);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + dt);
    selfByFunction.set(
      label(leaf),
      (selfByFunction.get(label(leaf)) ?? 0) + dt,
    );
    const seen = new Set<string>();
    for (
      let id: number | undefined = leaf.id;
      id !== undefined;
      id = parent.get(id)
    ) {
      const key = label(byId.get(id)!);
      if (seen.has(key)) continue;
      seen.add(key);
      totalByFunction.set(key, (totalByFunction.get(key) ?? 0) + dt);
    }
  }

  const print = (title: string, map: Map<string, number>, filter?: string) => {
    process.stdout.write(`\n${title}\n`);
    [...map]
      .filter(([k]) => !filter || k.includes(filter))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([k, ms]) =>
        process.stdout.write(
          `${(ms / 1000).toFixed(2).padStart(8)} s ${((ms / all) * 100)
            .toFixed(1)
            .padStart(5)}%  ${k}\n`,
        ),
      );
  };
  process.stdout.write(`profile: ${(all / 1000).toFixed(1)} s sampled\n`);
  print('self time by package', selfByPackage);
  print('self time by function', selfByFunction);
  print('total time by function', totalByFunction, values.match);
}

main();
