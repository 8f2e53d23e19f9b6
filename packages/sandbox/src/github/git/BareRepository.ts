import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './runGit';

/*
 * A bare repository on disk, driven through git's plumbing commands: every blob,
 * tree and commit the REST API creates is a real git object, so `git clone` over
 * smart HTTP sees exactly what the API answered.
 */

/** Who wrote or committed, with an ISO 8601 date in UTC (`2024-01-15T09:00:00Z`). */
export type GitPerson = { name: string; email: string; date: string };

export type GitCommit = {
  sha: string;
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
};

export type TreeEntry = {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  /** Blobs only. */
  size?: number;
};

/**
 * One change to a tree, as `POST /git/trees` takes it: a blob or tree by `sha`,
 * new text `content`, or `sha: null` to delete the path (a file or a whole folder).
 */
export type TreeChange = {
  path: string;
  mode: string;
  sha?: string | null;
  content?: string;
};

export type FileChange = {
  path: string;
  status: 'added' | 'removed' | 'modified';
  /** The blob after the change; the removed blob for `removed`. */
  sha: string;
  additions: number;
  deletions: number;
  /** The unified diff's hunks, as GitHub's `patch`; undefined for binary files. */
  patch?: string;
};

/** A path, sha or mode that git cannot use; the REST layer answers 422. */
export class GitObjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitObjectError';
  }
}

const BLOB_MODES = new Set(['100644', '100755', '120000']);
const TREE_MODE = '040000';
const GITLINK_MODE = '160000';
const SHA = /^[0-9a-f]{40}$/;
const ZERO_SHA = '0'.repeat(40);
// One record per commit: fields split by NUL, records ended by RS (messages hold neither).
const LOG_FORMAT =
  '%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x1e';

const STATUS: Record<string, FileChange['status']> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  T: 'modified',
};

export class BareRepository {
  readonly path: string;

  /** Creates an empty bare repository (replacing whatever was at `dir`). */
  static async init(
    dir: string,
    defaultBranch: string,
  ): Promise<BareRepository> {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await runGit([
      'init',
      '--quiet',
      '--bare',
      `--initial-branch=${defaultBranch}`,
      dir,
    ]);
    return new BareRepository(dir);
  }

  private constructor(dir: string) {
    this.path = dir;
  }

  #git(
    args: string[],
    options: {
      input?: Buffer | string;
      env?: Record<string, string>;
      okCodes?: number[];
    } = {},
  ) {
    return runGit(args, {
      ...options,
      cwd: this.path,
      env: { GIT_DIR: this.path, ...options.env },
    });
  }

  /** The type and size of each object; absent objects are missing from the map. */
  async objects(
    shas: string[],
  ): Promise<Map<string, { type: string; size: number }>> {
    const found = new Map<string, { type: string; size: number }>();
    const wanted = [...new Set(shas.filter(s => SHA.test(s)))];
    if (wanted.length === 0) return found;
    const { stdout } = await this.#git(['cat-file', '--batch-check'], {
      input: `${wanted.join('\n')}\n`,
    });
    for (const line of stdout.toString('utf8').split('\n')) {
      const [sha, type, size] = line.split(' ');
      if (type && type !== 'missing' && size !== undefined) {
        found.set(sha, { type, size: Number(size) });
      }
    }
    return found;
  }

  async writeBlob(content: Buffer): Promise<string> {
    const { stdout } = await this.#git(['hash-object', '-w', '--stdin'], {
      input: content,
    });
    return stdout.toString('utf8').trim();
  }

  /** The blob's bytes; undefined when `sha` is not a blob here. */
  async readBlob(sha: string): Promise<Buffer | undefined> {
    if (!SHA.test(sha)) return undefined;
    const { stdout, exitCode } = await this.#git(['cat-file', 'blob', sha], {
      okCodes: [0, 128],
    });
    return exitCode === 0 ? stdout : undefined;
  }

  /** The tree's entries (recursively: every blob and subtree, paths from the root). */
  async readTree(sha: string, recursive = false): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-z', '-l', '--full-tree'];
    if (recursive) args.push('-r', '-t');
    const { stdout } = await this.#git([...args, sha]);
    return parseLsTree(stdout);
  }

  /** What is at `filePath` in a commit or tree; undefined when nothing is. */
  async entryAt(
    treeish: string,
    filePath: string,
  ): Promise<TreeEntry | undefined> {
    if (filePath === '') {
      const sha = await this.resolve(`${treeish}^{tree}`);
      return sha ? { path: '', mode: TREE_MODE, type: 'tree', sha } : undefined;
    }
    const { stdout, exitCode } = await this.#git(
      ['ls-tree', '-z', '-l', '--full-tree', treeish, '--', filePath],
      { okCodes: [0, 128] },
    );
    if (exitCode !== 0) return undefined;
    return parseLsTree(stdout).find(e => e.path === filePath);
  }

  /**
   * Writes a tree: `base` (a tree sha) with `changes` applied, or the changes alone.
   * Paths are full paths from the root; folders appear and disappear as needed.
   */
  async writeTree(changes: TreeChange[], base?: string): Promise<string> {
    const files = new Map<string, { mode: string; sha: string }>();
    if (base) {
      for (const entry of await this.readTree(base, true)) {
        if (entry.type !== 'tree') files.set(entry.path, entry);
      }
    }
    const referenced = await this.objects(
      changes.flatMap(c => (c.sha ? [c.sha] : [])),
    );
    for (const change of changes) {
      checkPath(change.path);
      const { mode } = change;
      if (
        !BLOB_MODES.has(mode) &&
        mode !== TREE_MODE &&
        mode !== GITLINK_MODE
      ) {
        throw new GitObjectError(
          `tree.mode "${mode}" for "${change.path}" is not one of 100644, 100755, 040000, 160000, 120000`,
        );
      }
      // Whatever was at the path, or under it as a folder, or above it as a file, goes.
      for (const existing of [...files.keys()]) {
        if (
          existing === change.path ||
          existing.startsWith(`${change.path}/`) ||
          change.path.startsWith(`${existing}/`)
        ) {
          files.delete(existing);
        }
      }
      if (change.sha === null) continue;
      if (change.sha === undefined) {
        if (change.content === undefined) {
          throw new GitObjectError(
            `tree entry "${change.path}" needs either sha or content`,
          );
        }
        if (mode === TREE_MODE || mode === GITLINK_MODE) {
          throw new GitObjectError(
            `tree entry "${change.path}" with mode ${mode} needs a sha, not content`,
          );
        }
        files.set(change.path, {
          mode,
          sha: await this.writeBlob(Buffer.from(change.content, 'utf8')),
        });
        continue;
      }
      const type = referenced.get(change.sha)?.type;
      if (mode === GITLINK_MODE) {
        if (!SHA.test(change.sha)) {
          throw new GitObjectError(`tree.sha ${change.sha} is not a valid sha`);
        }
        files.set(change.path, { mode, sha: change.sha });
      } else if (mode === TREE_MODE) {
        if (type !== 'tree') {
          throw new GitObjectError(
            `tree.sha ${change.sha} is not a valid tree`,
          );
        }
        for (const entry of await this.readTree(change.sha, true)) {
          if (entry.type === 'tree') continue;
          files.set(`${change.path}/${entry.path}`, entry);
        }
      } else {
        if (type !== 'blob') {
          throw new GitObjectError(
            `tree.sha ${change.sha} is not a valid blob`,
          );
        }
        files.set(change.path, { mode, sha: change.sha });
      }
    }
    return this.#withIndex(async env => {
      const lines = [...files].map(([p, f]) => `${f.mode} ${f.sha}\t${p}\0`);
      await this.#git(['update-index', '--add', '-z', '--index-info'], {
        input: lines.join(''),
        env,
      });
      const { stdout } = await this.#git(['write-tree'], { env });
      return stdout.toString('utf8').trim();
    });
  }

  /** Writes the files under `dir` (as `git add -A` would) as a tree. */
  async writeTreeFromDirectory(dir: string): Promise<string> {
    return this.#withIndex(async env => {
      await runGit(['add', '--all', '.'], {
        cwd: dir,
        env: { ...env, GIT_DIR: this.path, GIT_WORK_TREE: dir },
      });
      const { stdout } = await this.#git(['write-tree'], { env });
      return stdout.toString('utf8').trim();
    });
  }

  /** A private index file for one tree build, so concurrent builds do not meet. */
  async #withIndex<T>(fn: (env: Record<string, string>) => Promise<T>) {
    const index = path.join(this.path, `sandbox-index-${randomUUID()}`);
    try {
      return await fn({ GIT_INDEX_FILE: index });
    } finally {
      await fs.rm(index, { force: true });
    }
  }

  async createCommit(commit: Omit<GitCommit, 'sha'>): Promise<string> {
    const args = ['commit-tree', commit.tree];
    for (const parent of commit.parents) args.push('-p', parent);
    const { stdout } = await this.#git(args, {
      input: commit.message,
      env: {
        GIT_AUTHOR_NAME: commit.author.name,
        GIT_AUTHOR_EMAIL: commit.author.email,
        GIT_AUTHOR_DATE: gitDate(commit.author.date),
        GIT_COMMITTER_NAME: commit.committer.name,
        GIT_COMMITTER_EMAIL: commit.committer.email,
        GIT_COMMITTER_DATE: gitDate(commit.committer.date),
      },
    });
    return stdout.toString('utf8').trim();
  }

  /** The commit; undefined when `sha` is not a commit here. */
  async readCommit(sha: string): Promise<GitCommit | undefined> {
    if (!SHA.test(sha)) return undefined;
    const found = await this.objects([sha]);
    if (found.get(sha)?.type !== 'commit') return undefined;
    const [commit] = await this.log({ from: sha, limit: 1 });
    return commit;
  }

  /**
   * Commits reachable from `from` and not from `exclude`, newest first (or oldest
   * first with `reverse`), optionally only those touching `path`.
   */
  async log(options: {
    from: string;
    exclude?: string;
    skip?: number;
    limit?: number;
    reverse?: boolean;
    path?: string;
  }): Promise<GitCommit[]> {
    const args = ['log', `--format=${LOG_FORMAT}`];
    if (options.skip) args.push(`--skip=${options.skip}`);
    if (options.limit !== undefined) args.push(`--max-count=${options.limit}`);
    if (options.reverse) args.push('--reverse');
    args.push(options.from);
    if (options.exclude) args.push(`^${options.exclude}`);
    args.push('--');
    if (options.path) args.push(options.path);
    const { stdout } = await this.#git(args);
    return parseLog(stdout.toString('utf8'));
  }

  async countCommits(options: {
    from: string;
    exclude?: string;
    path?: string;
  }): Promise<number> {
    const args = ['rev-list', '--count', options.from];
    if (options.exclude) args.push(`^${options.exclude}`);
    args.push('--');
    if (options.path) args.push(options.path);
    const { stdout } = await this.#git(args);
    return Number(stdout.toString('utf8').trim());
  }

  /** Every ref (`refs/heads/main` → sha). */
  async refs(): Promise<Map<string, string>> {
    const { stdout } = await this.#git([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)',
    ]);
    const refs = new Map<string, string>();
    for (const line of stdout.toString('utf8').split('\n')) {
      const [name, sha] = line.split('\0');
      if (name && sha) refs.set(name, sha);
    }
    return refs;
  }

  /** A revision (`refs/heads/main`, a sha, `main^{tree}`) as a sha; undefined when it names nothing. */
  async resolve(rev: string): Promise<string | undefined> {
    if (rev.startsWith('-')) return undefined;
    const { stdout, exitCode } = await this.#git(
      ['rev-parse', '--verify', '--quiet', '--end-of-options', rev],
      { okCodes: [0, 1, 128] },
    );
    return exitCode === 0 ? stdout.toString('utf8').trim() : undefined;
  }

  /**
   * Points `ref` at `sha` if it still points at `expected` (`null`: if it does not
   * exist yet; undefined: whatever it points at). False when that no longer holds.
   */
  async updateRef(
    ref: string,
    sha: string,
    expected?: string | null,
  ): Promise<boolean> {
    const args = ['update-ref', ref, sha];
    if (expected !== undefined) args.push(expected ?? ZERO_SHA);
    const { exitCode } = await this.#git(args, { okCodes: [0, 128] });
    return exitCode === 0;
  }

  async deleteRef(ref: string): Promise<boolean> {
    const { exitCode } = await this.#git(['update-ref', '-d', ref], {
      okCodes: [0, 128],
    });
    return exitCode === 0;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const { exitCode } = await this.#git(
      ['merge-base', '--is-ancestor', ancestor, descendant],
      { okCodes: [0, 1] },
    );
    return exitCode === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const { stdout, exitCode } = await this.#git(['merge-base', a, b], {
      okCodes: [0, 1],
    });
    return exitCode === 0 ? stdout.toString('utf8').trim() : undefined;
  }

  /**
   * The tree a three-way merge of two commits gives (their merge base found by
   * git), and the paths that conflict; the tree holds conflict markers then.
   */
  async mergeTrees(
    ours: string,
    theirs: string,
  ): Promise<{ tree: string; conflicts: string[] }> {
    const { stdout, exitCode } = await this.#git(
      ['merge-tree', '--write-tree', '-z', '--name-only', ours, theirs],
      { okCodes: [0, 1] },
    );
    // <tree> NUL [<conflicted path> NUL]* NUL <messages>
    const [head] = stdout.toString('utf8').split('\0\0');
    const [tree, ...conflicts] = head.split('\0');
    return {
      tree,
      conflicts: exitCode === 0 ? [] : [...new Set(conflicts)],
    };
  }

  /** The files that differ between two commits (`from` undefined: everything in `to`). */
  async diff(from: string | undefined, to: string): Promise<FileChange[]> {
    const range = from ? [from, to] : ['--root', to];
    const common = ['diff-tree', '-r', '--no-renames', '--no-commit-id'];
    const [raw, numstat, patch] = await Promise.all([
      this.#git([...common, '-z', '--raw', ...range]),
      this.#git([...common, '-z', '--numstat', ...range]),
      this.#git([...common, '-p', '--full-index', ...range]),
    ]);
    const counts = parseNumstat(numstat.stdout.toString('utf8'));
    const patches = parsePatches(patch.stdout.toString('utf8'));
    const fields = raw.stdout.toString('utf8').split('\0');
    const files: FileChange[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const meta = fields[i];
      const filePath = fields[i + 1];
      if (!meta.startsWith(':')) break;
      const [, , oldSha, newSha, letter] = meta.slice(1).split(' ');
      const count = counts.get(filePath);
      files.push({
        path: filePath,
        status: STATUS[letter[0]] ?? 'modified',
        sha: letter[0] === 'D' ? oldSha : newSha,
        additions: count?.additions ?? 0,
        deletions: count?.deletions ?? 0,
        patch: patches.get(filePath),
      });
    }
    return files;
  }
}

function checkPath(filePath: string): void {
  const segments = filePath.split('/');
  if (
    filePath === '' ||
    segments.some(s => s === '' || s === '.' || s === '..' || s === '.git') ||
    filePath.includes('\0')
  ) {
    throw new GitObjectError(
      `tree.path "${filePath}" contains a malformed path component`,
    );
  }
}

/** `2024-01-15T09:00:00Z` → git's internal `1705309200 +0000`. */
function gitDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new GitObjectError(`invalid date "${iso}"`);
  return `${Math.floor(ms / 1000)} +0000`;
}

/** Git's strict ISO dates (`+01:00`) as GitHub prints them: UTC with a Z. */
function isoUtc(gitIso: string): string {
  return new Date(gitIso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseLog(text: string): GitCommit[] {
  const commits: GitCommit[] = [];
  for (const record of text.split('\x1e')) {
    const trimmed = record.replace(/^\n/, '');
    if (trimmed === '') continue;
    const [sha, tree, parents, an, ae, ad, cn, ce, cd, message] =
      trimmed.split('\0');
    commits.push({
      sha,
      tree,
      parents: parents ? parents.split(' ') : [],
      author: { name: an, email: ae, date: isoUtc(ad) },
      committer: { name: cn, email: ce, date: isoUtc(cd) },
      message: message.replace(/\n$/, ''),
    });
  }
  return commits;
}

function parseLsTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, sha, size] = record.slice(0, tab).split(/ +/);
    entries.push({
      path: record.slice(tab + 1),
      mode,
      type: type as TreeEntry['type'],
      sha,
      size: size === '-' || size === undefined ? undefined : Number(size),
    });
  }
  return entries;
}

function parseNumstat(
  text: string,
): Map<string, { additions: number; deletions: number }> {
  const counts = new Map<string, { additions: number; deletions: number }>();
  for (const record of text.split('\0')) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(record);
    if (!match) continue;
    counts.set(match[3], {
      additions: match[1] === '-' ? 0 : Number(match[1]),
      deletions: match[2] === '-' ? 0 : Number(match[2]),
    });
  }
  return counts;
}

/** `diff --git a/x b/x` sections → path → the hunks from the first `@@`. */
function parsePatches(text: string): Map<string, string> {
  const patches = new Map<string, string>();
  for (const section of text.split(/^diff --git /m).slice(1)) {
    const lines = section.split('\n');
    // The b/ side names the file, unquoted for ordinary names (core.quotePath
    // would only quote unusual bytes, whose files then simply get no patch).
    const target = lines.find(
      l => l.startsWith('+++ ') || l.startsWith('--- '),
    );
    const name = /^(?:\+\+\+|---) [ab]\/(.*)$/.exec(
      lines.find(l => l.startsWith('+++ b/')) ?? target ?? '',
    )?.[1];
    const hunk = lines.findIndex(l => l.startsWith('@@'));
    if (!name || hunk < 0) continue;
    patches.set(name, lines.slice(hunk).join('\n').replace(/\n$/, ''));
  }
  return patches;
}
