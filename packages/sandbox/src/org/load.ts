import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { organizationFileSchema } from './schema';
import { resolveOrganization } from './resolve';
import type { Organization } from './types';

/**
 * The shipped demo organisation (`orgs/demo.yaml`), the sandbox's default.
 *
 * @public
 */
export const demoOrganizationPath = path.join(
  // Resolved through the package name (as resolvePackagePath does) so it holds in
  // the source tree and in an installed package alike; orgs/ is in "files".
  path.dirname(require.resolve('@internal/sandbox/package.json')),
  'orgs',
  'demo.yaml',
);

/**
 * One problem in an organisation file.
 *
 * @public
 */
export type OrganizationFileIssue = {
  /** Where, e.g. `accounts[3].regions.eu-west-1.vpcs[0].cidr`; empty for the whole file. */
  path: string;
  message: string;
};

/**
 * An organisation file that cannot be used; the message lists every problem with
 * the file, the path inside it and what was expected.
 *
 * @public
 */
export class OrganizationFileError extends Error {
  readonly file: string;
  readonly issues: OrganizationFileIssue[];

  constructor(file: string, issues: OrganizationFileIssue[]) {
    super(
      `Invalid organisation file ${file}:\n${issues
        .map(i => `  ${file}: ${i.path ? `${i.path}: ` : ''}${i.message}`)
        .join('\n')}`,
    );
    this.name = 'OrganizationFileError';
    this.file = file;
    this.issues = issues;
  }
}

/** `['accounts', 3, 'regions', 'eu-west-1']` → `accounts[3].regions.eu-west-1`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, i) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : `${i === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/**
 * Parses and validates organisation YAML. `file` only names the source in errors.
 *
 * @public
 */
export function parseOrganization(text: string, file: string): Organization {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new OrganizationFileError(
      file,
      document.errors.map(e => ({
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const parsed = organizationFileSchema.safeParse(document.toJS(), {
    reportInput: true,
  });
  if (!parsed.success) {
    throw new OrganizationFileError(
      file,
      parsed.error.issues.map(issue => ({
        path: formatPath(issue.path),
        message: describeIssue(issue),
      })),
    );
  }
  const { organization, issues } = resolveOrganization(parsed.data);
  if (issues.length > 0) {
    throw new OrganizationFileError(
      file,
      issues.map(i => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  return organization;
}

/** A zod issue as people should read it: what was expected and what was found. */
export function describeIssue(issue: {
  code: string;
  message: string;
  input?: unknown;
  issues?: { code: string; message: string }[];
}): string {
  // A bad record key (a region name) carries the key schema's own message inside;
  // custom messages already name what they found.
  const inner = issue.code === 'invalid_key' ? issue.issues?.[0] : undefined;
  if (inner) {
    return inner.code === 'custom'
      ? inner.message
      : `${inner.message} (got ${JSON.stringify(issue.input)})`;
  }
  // Zod's own messages say what was expected; add what was found, which is what
  // people need to locate the mistake in a large file.
  if (
    issue.code !== 'custom' &&
    issue.code !== 'unrecognized_keys' &&
    issue.input !== undefined &&
    typeof issue.input !== 'object'
  ) {
    return `${issue.message} (got ${JSON.stringify(issue.input)})`;
  }
  return issue.message;
}

/**
 * Reads, validates and resolves an organisation file.
 *
 * @public
 * @throws OrganizationFileError when the file is not valid.
 */
export function loadOrganization(file: string): Organization {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new OrganizationFileError(file, [
      { path: '', message: `cannot read the file: ${(e as Error).message}` },
    ]);
  }
  return parseOrganization(text, file);
}
