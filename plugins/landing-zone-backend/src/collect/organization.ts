import {
  ListOrganizationsFeaturesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  OrganizationsClient,
  type PolicyType,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListRoots,
  paginateListTagsForResource,
  paginateListTargetsForPolicy,
} from '@aws-sdk/client-organizations';
import type {
  AccountIdentity,
  Fact,
  FactError,
  OrganizationalUnit,
  OrganizationFacts,
  RootAccessFeatures,
  ServiceControlPolicy,
} from '@internal/plugin-landing-zone-common';
import pLimit from 'p-limit';
import {
  callOptions,
  collectPages,
  isErrorNamed,
  toFactError,
  type CallOptions,
} from './errors';
import { deriveEnvironment } from './environment';
import { PAGE_SIZE } from './pageSizes';

/**
 * The AWS-managed RCP that allows everything, attached by AWS to the root,
 * every OU and every account, and not detachable
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html).
 */
const RCP_FULL_AWS_ACCESS = 'RCPFullAWSAccess';

/** What one read of the organisation yields. */
export type OrganizationSnapshot = {
  organization: OrganizationFacts;
  accounts: AccountIdentity[];
};

export type OrganizationReadOptions = {
  /** Tags already known from earlier runs, by account id; others get none until read. */
  cachedTags: ReadonlyMap<string, Record<string, string>>;
  /** Ends every call of the read (the scan's timeout or shutdown). */
  signal?: AbortSignal;
};

/**
 * Reads the organisation from the management (or delegated admin) account:
 * the OU tree, every account with its OU path and state, the policy types
 * enabled on the root, every SCP and RCP with its targets, and IAM's root
 * access features.
 *
 * The tree is walked with ListOrganizationalUnitsForParent and
 * ListAccountsForParent so OU paths come without a ListParents call per
 * account; SCP targets come from ListTargetsForPolicy per policy (tens of
 * calls) rather than ListPoliciesForTarget per account (thousands).
 */
export class OrganizationReader {
  readonly #client: OrganizationsClient;
  readonly #iam?: IAMClient;
  readonly #limit: ReturnType<typeof pLimit>;

  private constructor(options: {
    client: OrganizationsClient;
    iam?: IAMClient;
    concurrency: number;
  }) {
    this.#client = options.client;
    this.#iam = options.iam;
    this.#limit = pLimit(options.concurrency);
  }

  /**
   * `concurrency`: parallel Organizations calls. Organizations throttles hard
   * (a few requests per second for the whole organisation), so it stays small.
   * `iam`: IAM with the same credentials, for the root access features; without
   * it they are not read (`rootAccess` stays undefined).
   */
  static create(options: {
    client: OrganizationsClient;
    iam?: IAMClient;
    concurrency?: number;
  }) {
    return new OrganizationReader({
      client: options.client,
      iam: options.iam,
      concurrency: options.concurrency ?? 2,
    });
  }

  /**
   * The tree, every account (with cached tags) and every SCP. Tags cost one
   * call per account, so they are read separately with {@link readTags}.
   */
  async read(options: OrganizationReadOptions): Promise<OrganizationSnapshot> {
    const client = this.#client;
    const limit = this.#limit;
    const call = callOptions(options.signal);
    const { Organization } = await client.send(
      new DescribeOrganizationCommand({}),
      call,
    );
    const roots = await collectPages(
      paginateListRoots(
        { client, pageSize: PAGE_SIZE.organizations },
        {},
        call,
      ),
      p => p.Roots,
    );
    const root = roots[0];
    if (!Organization?.Id || !root?.Id) {
      throw new Error('Organizations returned no organisation or root');
    }

    const units: OrganizationalUnit[] = [
      { id: root.Id, name: root.Name ?? 'Root', path: root.Name ?? 'Root' },
    ];
    const placed: Omit<AccountIdentity, 'tags' | 'environment'>[] = [];

    // Breadth-first over the tree; each level's parents are read in parallel.
    let level: { id: string; path: string; ids: string[] }[] = [
      { id: root.Id, path: units[0].path, ids: [root.Id] },
    ];
    while (level.length > 0) {
      const next: typeof level = [];
      await Promise.all(
        level.map(parent =>
          limit(async () => {
            const [children, accounts] = await Promise.all([
              collectPages(
                paginateListOrganizationalUnitsForParent(
                  { client, pageSize: PAGE_SIZE.organizations },
                  { ParentId: parent.id },
                  call,
                ),
                p => p.OrganizationalUnits,
              ),
              collectPages(
                paginateListAccountsForParent(
                  { client, pageSize: PAGE_SIZE.organizations },
                  { ParentId: parent.id },
                  call,
                ),
                p => p.Accounts,
              ),
            ]);
            for (const ou of children) {
              if (!ou.Id) continue;
              const path = `${parent.path}/${ou.Name ?? ou.Id}`;
              units.push({
                id: ou.Id,
                parentId: parent.id,
                name: ou.Name ?? ou.Id,
                path,
              });
              next.push({ id: ou.Id, path, ids: [...parent.ids, ou.Id] });
            }
            for (const account of accounts) {
              if (!account.Id) continue;
              placed.push({
                id: account.Id,
                name: account.Name ?? account.Id,
                email: account.Email ?? '',
                // `Status` is retired; an endpoint that predates `State` still sends it alone.
                status: String(account.State ?? account.Status ?? 'UNKNOWN'),
                joinedAt: account.JoinedTimestamp?.toISOString(),
                parentId: parent.id,
                parentIds: parentIdsOf(account.Paths, account.Id, parent.ids),
                ouPath: parent.path,
              });
            }
          }),
        ),
      );
      level = next;
    }

    const accounts = placed.map((account): AccountIdentity => {
      const tags = options.cachedTags.get(account.id) ?? {};
      return {
        ...account,
        tags,
        environment: deriveEnvironment(tags, account.ouPath),
      };
    });

    const [policies, resourceControlPolicies, rootAccess] = await Promise.all([
      this.#readPolicies('SERVICE_CONTROL_POLICY', limit, call),
      // RCPs are newer than most organisations' set-up: failing to read them
      // (a reader role granted before they existed) loses them, not the SCPs.
      this.#readPolicies('RESOURCE_CONTROL_POLICY', limit, call, [
        ...units.map(u => u.id),
        ...placed.map(a => a.id),
      ]).then(
        list => ({ list }),
        (error: unknown) => {
          if (options.signal?.aborted) throw error;
          return {
            error: toFactError(error, 'organizations:ListPolicies'),
          };
        },
      ),
      this.#readRootAccess(call),
    ]);
    accounts.sort((a, b) => a.id.localeCompare(b.id));
    return {
      organization: {
        organizationId: Organization.Id,
        managementAccountId: Organization.MasterAccountId ?? '',
        rootId: root.Id,
        units,
        policies,
        enabledPolicyTypes: (root.PolicyTypes ?? [])
          .filter(t => t.Status === 'ENABLED' && t.Type)
          .map(t => t.Type!),
        ...('list' in resourceControlPolicies
          ? { resourceControlPolicies: resourceControlPolicies.list }
          : { resourceControlPoliciesError: resourceControlPolicies.error }),
        ...(rootAccess && { rootAccess }),
      },
      accounts,
    };
  }

  /**
   * IAM's centralised root access features, read where the organisation is
   * (IAM answers them only to the management account or IAM's delegated
   * administrator). Without trusted access for IAM neither feature can be on,
   * which IAM says with ServiceAccessNotEnabledException: that is a fact.
   */
  async #readRootAccess(
    call: CallOptions,
  ): Promise<Fact<RootAccessFeatures> | undefined> {
    const iam = this.#iam;
    if (!iam) return undefined;
    try {
      const { EnabledFeatures = [] } = await iam.send(
        new ListOrganizationsFeaturesCommand({}),
        call,
      );
      return {
        data: {
          rootCredentialsManagement: EnabledFeatures.includes(
            'RootCredentialsManagement',
          ),
          rootSessions: EnabledFeatures.includes('RootSessions'),
        },
        collectedAt: new Date().toISOString(),
      };
    } catch (error) {
      // Cut short by the scan's end: the read fails, as at any other call.
      if (call.abortSignal?.aborted) throw error;
      const collectedAt = new Date().toISOString();
      if (isErrorNamed(error, 'ServiceAccessNotEnabledException')) {
        return {
          data: { rootCredentialsManagement: false, rootSessions: false },
          collectedAt,
        };
      }
      return {
        error: toFactError(error, 'iam:ListOrganizationsFeatures'),
        collectedAt,
      };
    }
  }

  /**
   * Reads the tags of the given accounts, paced like every Organizations call.
   * One account's failure does not lose the others' tags: it is returned
   * beside them. `signal` ends the reads in flight (they fail) and the rest.
   */
  async readTags(
    accountIds: string[],
    signal?: AbortSignal,
  ): Promise<{
    tags: Map<string, Record<string, string>>;
    failed: { accountId: string; error: FactError }[];
  }> {
    const client = this.#client;
    const call = callOptions(signal);
    const tags = new Map<string, Record<string, string>>();
    const failed: { accountId: string; error: FactError }[] = [];
    await Promise.all(
      accountIds.map(id =>
        this.#limit(async () => {
          try {
            const list = await collectPages(
              paginateListTagsForResource({ client }, { ResourceId: id }, call),
              p => p.Tags,
            );
            tags.set(
              id,
              Object.fromEntries(list.map(t => [t.Key ?? '', t.Value ?? ''])),
            );
          } catch (error) {
            failed.push({
              accountId: id,
              error: toFactError(error, 'organizations:ListTagsForResource'),
            });
          }
        }),
      ),
    );
    return { tags, failed };
  }

  /**
   * Every policy of an authorization type (SCP or RCP), with its targets.
   * `everywhere`: the root, every OU and every account, the targets of
   * RCPFullAWSAccess. AWS attaches it to all of them and it cannot be
   * detached, so listing its targets (one call per 20 of them, at
   * Organizations' rate) would tell nothing new.
   */
  async #readPolicies(
    type: PolicyType,
    limit: ReturnType<typeof pLimit>,
    call: CallOptions,
    everywhere?: string[],
  ): Promise<ServiceControlPolicy[]> {
    const client = this.#client;
    const summaries = await collectPages(
      paginateListPolicies(
        { client, pageSize: PAGE_SIZE.organizations },
        { Filter: type },
        call,
      ),
      p => p.Policies,
    );
    return Promise.all(
      summaries
        .filter(s => s.Id)
        .map(summary =>
          limit(async (): Promise<ServiceControlPolicy> => {
            const attachedEverywhere =
              everywhere &&
              summary.AwsManaged &&
              summary.Name === RCP_FULL_AWS_ACCESS;
            const [described, targets] = await Promise.all([
              client.send(
                new DescribePolicyCommand({ PolicyId: summary.Id }),
                call,
              ),
              attachedEverywhere
                ? everywhere
                : collectPages(
                    paginateListTargetsForPolicy(
                      { client, pageSize: PAGE_SIZE.organizations },
                      { PolicyId: summary.Id },
                      call,
                    ),
                    p => p.Targets,
                  ).then(list =>
                    list.flatMap(t => (t.TargetId ? [t.TargetId] : [])),
                  ),
            ]);
            return {
              id: summary.Id!,
              name: summary.Name ?? summary.Id!,
              description: summary.Description,
              awsManaged: summary.AwsManaged ?? false,
              content: described.Policy?.Content ?? '{}',
              targets,
            };
          }),
        ),
    );
  }
}

/**
 * The ids above an account, root first, from the path Organizations gives it
 * (`o-…/r-…/ou-…/…/<account id>/`). The path is checked against the walk: it
 * must end with the account under the parent it was listed beneath. When it
 * is absent or disagrees (the account moved between two calls), the walk's
 * ids are kept, consistent with the parent the account is placed under.
 */
export function parentIdsOf(
  paths: string[] | undefined,
  accountId: string,
  walked: string[],
): string[] {
  const parentId = walked[walked.length - 1];
  for (const path of paths ?? []) {
    // The first id is the organisation's, not a parent.
    const ids = path.split('/').filter(Boolean).slice(1);
    if (
      ids.length >= 2 &&
      ids[ids.length - 1] === accountId &&
      ids[ids.length - 2] === parentId
    ) {
      return ids.slice(0, -1);
    }
  }
  return walked;
}
