import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Entity } from '@backstage/catalog-model';
import { parseToString } from 'hcl2-parser';
import yaml from 'yaml';

/*
 * What templates.test.ts needs to read templates/ as the catalog and the
 * Template Editor do, Terraform as an HCL2 parser does, and a branch as git
 * clones it.
 */

const TEMPLATES = path.resolve(__dirname, '../../../../templates');

export type Hcl = { [key: string]: any };
export type Files = Record<string, string>;

/**
 * A file as hcl2json writes it: blocks keyed by type and labels, each a list
 * of bodies; an expression as its source in `${…}`, a literal as its value.
 */
export function parseHcl(text: string): Hcl {
  const [json, error] = parseToString(text) as unknown as [string, unknown];
  if (error || !json) throw new Error(`not valid HCL:\n${text}`);
  return JSON.parse(json);
}

/** The one body of a block (a list of bodies in hcl2json's form). */
export function only(bodies: Hcl[] | undefined): Hcl {
  expect(bodies).toHaveLength(1);
  return bodies![0];
}

/** An expression referring to `address`, as the parser writes it. */
export const ref = (address: string) => `\${${address}}`;

/**
 * The value of an expression over the file's locals: the three shapes the
 * service stack uses (`local.x`, `!local.x`, `local.c ? a : b` with locals or
 * string literals); any other shape fails the test.
 */
export function evaluate(expression: unknown, locals: Hcl): unknown {
  const operand = (text: string): unknown => {
    const literal = /^"([^"\\$%]*)"$/.exec(text);
    if (literal) return literal[1];
    const local = /^local\.(\w+)$/.exec(text);
    if (!local || !(local[1] in locals)) {
      throw new Error(`Cannot evaluate ${text} in ${String(expression)}`);
    }
    return locals[local[1]];
  };
  const body = /^\$\{(.*)\}$/.exec(String(expression))?.[1];
  if (body === undefined) return expression;
  const conditional = /^(\S+) \? (\S+) : (\S+)$/.exec(body);
  if (conditional) {
    return operand(conditional[1])
      ? operand(conditional[2])
      : operand(conditional[3]);
  }
  return body.startsWith('!') ? !operand(body.slice(1)) : operand(body);
}

function ipv4(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Whether `inner` lies inside `outer` (both a.b.c.d/n). */
export function within(inner: string, outer: string): boolean {
  const [innerBase, innerBits] = inner.split('/');
  const [outerBase, outerBits] = outer.split('/');
  const size = (bits: string) => 2 ** (32 - Number(bits));
  return (
    Number(innerBits) >= Number(outerBits) &&
    ipv4(innerBase) % size(innerBits) === 0 &&
    ipv4(innerBase) >= ipv4(outerBase) &&
    ipv4(innerBase) + size(innerBits) <= ipv4(outerBase) + size(outerBits)
  );
}

/**
 * A template's folder (templates/<name>) as the Template Editor sends it for
 * a dry run: every file, its path relative to the folder, base64.
 */
export async function directoryContents(name: string) {
  const root = path.join(TEMPLATES, name);
  const files: { path: string; base64Content: string }[] = [];
  const walk = async (under: string) => {
    for (const entry of await fs.readdir(path.join(root, under), {
      withFileTypes: true,
    })) {
      const file = path.posix.join(under, entry.name);
      if (entry.isDirectory()) {
        await walk(file);
      } else {
        const content = await fs.readFile(path.join(root, file));
        files.push({ path: file, base64Content: content.toString('base64') });
      }
    }
  };
  await walk('');
  return files;
}

/** templates/<name>/template.yaml as the catalog holds it, read from a file location. */
export async function readTemplate(name: string): Promise<Entity> {
  const file = path.join(TEMPLATES, name, 'template.yaml');
  const entity = yaml.parse(await fs.readFile(file, 'utf8')) as Entity;
  entity.metadata.namespace = 'default';
  // Where the catalog says it read the entity: fetch:template resolves
  // ./skeleton against it, as for the app-config's file locations.
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
    'backstage.io/managed-by-origin-location': `file:${file}`,
  };
  return entity;
}

const git = promisify(execFile);

/** The files a branch adds or changes against main, as git clones them. */
export async function cloneBranch(url: string, branch: string): Promise<Files> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lz-templates-'));
  const env = {
    PATH: process.env.PATH ?? '',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  try {
    await git('git', ['clone', '--quiet', '--branch', branch, url, dir], {
      env,
    });
    const { stdout } = await git(
      'git',
      ['diff', '--name-only', 'origin/main...HEAD'],
      { cwd: dir, env },
    );
    const files: Files = {};
    for (const file of stdout.split('\n').filter(Boolean)) {
      files[file] = await fs.readFile(path.join(dir, file), 'utf8');
    }
    return files;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
