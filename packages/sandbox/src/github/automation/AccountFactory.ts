import type { OrganizationIndex } from '../../org/OrganizationIndex';
import type { Account, OrganizationalUnit } from '../../org/types';
import { VendError, vendAccount } from '../../org/vend';
import type { GithubHost, PullRequestListener } from '../GithubHost';
import type { FileChange } from '../git/BareRepository';
import type { HostedRepository } from '../model/HostedRepository';
import type { FactoryResult, FactoryRun, PullRequest } from '../model/types';
import type { Urls } from '../rest/shapes';
import {
  isAccountRequestFile,
  parseAccountRequests,
  type AccountRequest,
} from './accountRequests';
import { truncate } from './Atlantis';

/** The bot the factory's statuses and comments come from. */
export const FACTORY_LOGIN = 'aft-account-factory[bot]';
export const FACTORY_CONTEXT = 'aft/account-factory';

/**
 * Account Factory for Terraform, played by the sandbox: when a pull request that
 * adds or changes account requests is merged, it reads every request in the
 * changed files and, some time later, creates each account that does not exist
 * yet (by email) in the requested OU with the requested tags, or moves and
 * retags one that does. The AWS side serves the result on the next call. The
 * outcome is a commit status `aft/account-factory` on the merge commit (failure
 * when any request could not be honoured, an unknown OU say) and a comment on
 * the pull request listing each request.
 */
export class AccountFactory implements PullRequestListener {
  readonly #host: GithubHost;
  readonly #index: OrganizationIndex;
  readonly #urls: () => Urls;
  readonly #delayMs: number;

  static create(options: {
    host: GithubHost;
    index: OrganizationIndex;
    urls: () => Urls;
    delayMs: number;
  }): AccountFactory {
    return new AccountFactory(options);
  }

  private constructor(options: {
    host: GithubHost;
    index: OrganizationIndex;
    urls: () => Urls;
    delayMs: number;
  }) {
    this.#host = options.host;
    this.#index = options.index;
    this.#urls = options.urls;
    this.#delayMs = options.delayMs;
  }

  merged(
    repo: HostedRepository,
    pr: PullRequest,
    merge: { sha: string; files: FileChange[] },
  ): void {
    const files = merge.files.filter(
      f => f.status !== 'removed' && isAccountRequestFile(f.path),
    );
    if (files.length === 0) return;
    const run: FactoryRun = {
      pullNumber: pr.number,
      mergeCommitSha: merge.sha,
      state: 'pending',
      startedAt: this.#host.now(),
      finishedAt: null,
      results: [],
    };
    repo.factoryRuns.push(run);
    const status = async (
      state: 'pending' | 'success' | 'failure',
      description: string,
    ) => {
      await this.#host.postStatus(
        repo,
        merge.sha,
        {
          state,
          context: FACTORY_CONTEXT,
          description: truncate(description),
          targetUrl: this.#urls().pullHtml(repo, pr.number),
        },
        FACTORY_LOGIN,
      );
    };
    this.#host.pendingThen(
      () => status('pending', `${files.length} account request file(s) queued`),
      this.#delayMs,
      async () => {
        for (const file of files) {
          run.results.push(...(await this.#provisionFile(repo, file)));
        }
        const failed = run.results.filter(r => r.outcome === 'failed');
        run.state = failed.length > 0 ? 'failure' : 'success';
        run.finishedAt = this.#host.now();
        await status(run.state, summary(run.results));
        this.#host.addComment(pr, comment(run), FACTORY_LOGIN);
      },
    );
  }

  async #provisionFile(
    repo: HostedRepository,
    file: FileChange,
  ): Promise<FactoryResult[]> {
    const content = await repo.git.readBlob(file.sha);
    const { requests, problems } = parseAccountRequests(
      content?.toString('utf8') ?? '',
    );
    const results: FactoryResult[] = problems.map(p => ({
      file: file.path,
      module: p.module ?? '',
      outcome: 'failed',
      message: p.message,
    }));
    for (const request of requests) {
      results.push(this.#provision(file.path, request));
    }
    return results;
  }

  #provision(file: string, request: AccountRequest): FactoryResult {
    const base = {
      file,
      module: request.module,
      accountName: request.accountName,
      accountEmail: request.accountEmail,
    };
    const ou = this.#organizationalUnit(request.organizationalUnit);
    if (typeof ou === 'string') {
      return { ...base, outcome: 'failed', message: ou };
    }
    const placed = { ouId: ou.id, ouPath: ou.path };
    const existing = this.#index.organization.accounts.find(
      a => a.email.toLowerCase() === request.accountEmail.toLowerCase(),
    );
    if (existing)
      return { ...base, ...placed, ...this.#update(existing, ou, request) };
    try {
      const account = vendAccount(this.#index, {
        name: request.accountName,
        email: request.accountEmail,
        parentId: ou.id,
        tags: request.tags,
        vpc: request.vpc && {
          cidr: request.vpc.cidr,
          region: request.vpc.region ?? this.#index.organization.regions[0],
        },
      });
      return {
        ...base,
        ...placed,
        outcome: 'created',
        accountId: account.id,
        message: `created ${account.name} (${account.id}) in ${ou.path}`,
      };
    } catch (e) {
      if (e instanceof VendError) {
        return { ...base, ...placed, outcome: 'failed', message: e.message };
      }
      throw e;
    }
  }

  /** AFT keeps an existing account in step with its request: its OU and its tags. */
  #update(
    account: Account,
    ou: OrganizationalUnit,
    request: AccountRequest,
  ): Pick<FactoryResult, 'outcome' | 'accountId' | 'message'> {
    const changes: string[] = [];
    if (account.parentId !== ou.id) {
      this.#index.moveAccount(account, ou.id);
      changes.push(`moved to ${ou.path}`);
    }
    if (!sameTags(account.tags, request.tags)) {
      account.tags = { ...request.tags };
      changes.push('tags updated');
    }
    return {
      outcome: changes.length > 0 ? 'updated' : 'unchanged',
      accountId: account.id,
      message:
        changes.length > 0
          ? `${account.name} (${account.id}): ${changes.join(', ')}`
          : `${account.name} (${account.id}) already matches its request`,
    };
  }

  /**
   * AFT's ManagedOrganizationalUnit: `Name (ou-id)` (needed for nested OUs) or the
   * name of a top-level OU. A string when it names none: the failure's message.
   */
  #organizationalUnit(spec: string): OrganizationalUnit | string {
    const org = this.#index.organization;
    const withId = /^(.*?)\s*\((ou-[0-9a-z]+-[0-9a-z]+)\)\s*$/.exec(spec);
    if (withId) {
      const [, name, id] = withId;
      const ou = this.#index.organizationalUnit(id);
      if (!ou) {
        return `ManagedOrganizationalUnit "${spec}": no OU ${id} in organization ${org.id}`;
      }
      if (name !== '' && name !== ou.name && name !== ou.path) {
        return `ManagedOrganizationalUnit "${spec}": ${id} is "${ou.path}", not "${name}"`;
      }
      return ou;
    }
    const named = org.organizationalUnits.filter(
      o => o.path === spec || (o.parentId === org.rootId && o.name === spec),
    );
    if (named.length === 1) return named[0];
    const nested = org.organizationalUnits.find(o => o.name === spec);
    return nested
      ? `ManagedOrganizationalUnit "${spec}": a nested OU is named with its id, "${nested.name} (${nested.id})"`
      : `ManagedOrganizationalUnit "${spec}": no OU of that name in organization ${org.id}`;
  }
}

function sameTags(a: Record<string, string>, b: Record<string, string>) {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every(k => a[k] === b[k])
  );
}

function summary(results: FactoryResult[]): string {
  const failed = results.filter(r => r.outcome === 'failed');
  if (failed.length > 0) {
    const [first] = failed;
    return `${failed.length} of ${results.length} request(s) failed: ${
      first.accountName ?? first.module ?? first.file
    }: ${first.message}`;
  }
  return results.map(r => r.message).join('; ') || 'No account requests';
}

function comment(run: FactoryRun): string {
  const lines = run.results.map(
    r =>
      `| \`${r.file}\` | \`${r.module}\` | ${r.outcome} | ${
        r.accountId ?? ''
      } | ${r.ouPath ?? ''} | ${r.message.replace(/\|/g, '\\|')} |`,
  );
  return [
    `**Account Factory** ${
      run.state === 'success'
        ? 'provisioned this request'
        : 'could not provision every request'
    } (merge commit ${run.mergeCommitSha.slice(0, 7)}):`,
    '',
    '| file | module | outcome | account | OU | details |',
    '| --- | --- | --- | --- | --- | --- |',
    ...lines,
  ].join('\n');
}
