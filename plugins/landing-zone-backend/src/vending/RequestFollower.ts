import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { AccountRequest } from '@internal/plugin-landing-zone-common';
import { normalizeName, type AccountRequestStore } from './AccountRequestStore';
import type { CidrAllocationStore } from './CidrAllocationStore';
import type { PullRequestHost } from './github';
import type { InventoryLookup } from './inventory';
import type { VendingService } from './VendingService';

/**
 * Follows each request in flight: reads its pull request (state, the head's
 * commit statuses), posts the portal's own status on the head while it is
 * open, releases its block when it is closed unmerged, and once merged
 * watches the inventory for its account until that account is compliant.
 * One request's failure is recorded on it and the others go on.
 */
export class RequestFollower {
  readonly #requests: AccountRequestStore;
  readonly #allocations: CidrAllocationStore;
  readonly #inventory: InventoryLookup;
  readonly #vending: VendingService;
  readonly #host: PullRequestHost;
  readonly #logger: LoggerService;
  readonly #statusContext: string;

  private constructor(options: {
    requests: AccountRequestStore;
    allocations: CidrAllocationStore;
    inventory: InventoryLookup;
    vending: VendingService;
    host: PullRequestHost;
    logger: LoggerService;
    statusContext: string;
  }) {
    this.#requests = options.requests;
    this.#allocations = options.allocations;
    this.#inventory = options.inventory;
    this.#vending = options.vending;
    this.#host = options.host;
    this.#logger = options.logger;
    this.#statusContext = options.statusContext;
  }

  static create(options: {
    requests: AccountRequestStore;
    allocations: CidrAllocationStore;
    inventory: InventoryLookup;
    vending: VendingService;
    host: PullRequestHost;
    logger: LoggerService;
    statusContext: string;
  }) {
    return new RequestFollower(options);
  }

  /** One pass over every request in flight; lapsed reservations released first. */
  async run(
    signal?: AbortSignal,
  ): Promise<{ followed: number; failed: number }> {
    const expired = await this.#allocations.expire();
    if (expired > 0) {
      this.#logger.info('CIDR reservations expired', { expired });
    }
    let followed = 0;
    let failed = 0;
    for (const request of await this.#requests.followed()) {
      if (signal?.aborted) break;
      try {
        await this.follow(request);
        followed++;
      } catch (error) {
        failed++;
        const message = stringifyError(error);
        this.#logger.warn('Could not follow account request', {
          requestId: request.id,
          pullRequest: request.pullRequest.url,
          error: message,
        });
        await this.#requests.recordFollowError(request.id, message);
      }
    }
    if (followed + failed > 0) {
      this.#logger.info('Account requests followed', { followed, failed });
    }
    return { followed, failed };
  }

  async follow(request: AccountRequest): Promise<void> {
    let state = request.state;
    if (state === 'open' || state === 'merged') {
      const pr = {
        url: request.pullRequest.url,
        host: new URL(request.pullRequest.url).host,
        owner: request.pullRequest.owner,
        repo: request.pullRequest.repo,
        number: request.pullRequest.number,
      };
      const reading = await this.#host.read(pr);
      await this.#requests.recordPullRequest(request.id, reading);
      if (state === 'open' && reading.state === 'open') {
        await this.#postStatus(request, pr, reading.headSha);
      }
      if (state === 'open' && reading.state !== 'open') {
        this.#logger.info('Account request pull request ended', {
          requestId: request.id,
          pullRequest: pr.url,
          state: reading.state,
        });
      }
      if (state === 'open' && reading.state === 'merged') state = 'merged';
    }
    if (state === 'merged' || state === 'account-seen') {
      const account = await this.#inventory.find({
        name: request.accountName,
        email: request.email,
        normalizeName,
      });
      if (account) {
        await this.#requests.recordAccount(request.id, {
          id: account.id,
          compliance: account.compliance,
        });
      }
    }
  }

  /** Posts the portal's judgement on the head, unless it said the same already. */
  async #postStatus(
    request: AccountRequest,
    pr: Parameters<PullRequestHost['postStatus']>[0],
    sha: string,
  ): Promise<void> {
    const judged = await this.#vending.judgeRequest(request);
    const last = request.portalStatus;
    if (
      last &&
      last.sha === sha &&
      last.state === judged.state &&
      last.description === judged.description
    ) {
      return;
    }
    await this.#host.postStatus(pr, sha, {
      context: this.#statusContext,
      state: judged.state,
      description: judged.description,
      targetUrl: this.#vending.requestUrl(request.id),
    });
    await this.#requests.recordPortalStatus(request.id, {
      ...judged,
      context: this.#statusContext,
      sha,
      postedAt: new Date().toISOString(),
    });
  }
}
