/*
 * What every EC2 operation shares: filters (with * and ? wildcards), paging
 * bound to the listing, lookups by id, DryRun, and the caller's VPCs.
 */
import type { Vpc } from '../../org/types';
import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { QueryParams } from '../query';
import type { OperationContext } from '../types';
import type { FilterTable } from './ec2Resources';

function tagFilter(
  name: string,
  tags: Record<string, string>,
): (string | undefined)[] | undefined {
  if (name === 'tag-key') return Object.keys(tags);
  if (name === 'tag-value') return Object.values(tags);
  if (name.startsWith('tag:')) return [tags[name.slice(4)]];
  return undefined;
}

function wildcard(pattern: string): RegExp {
  // EC2 filter values accept * and ? wildcards.
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

export function applyFilters<T>(
  items: T[],
  params: QueryParams,
  table: FilterTable<T>,
  tags?: (item: T) => Record<string, string>,
  filterPrefix = 'Filter',
): T[] {
  let out = items;
  for (const filter of params.filters(filterPrefix)) {
    const valuesOf = table[filter.name];
    const isTag =
      tags &&
      (filter.name.startsWith('tag:') ||
        filter.name === 'tag-key' ||
        filter.name === 'tag-value');
    if (!valuesOf && !isTag) {
      throw new AwsError(
        'InvalidParameterValue',
        `The filter '${filter.name}' is invalid`,
      );
    }
    const patterns = filter.values.map(wildcard);
    out = out.filter(item => {
      const values = valuesOf
        ? valuesOf(item)
        : tagFilter(filter.name, tags!(item)) ?? [];
      return values.some(v => v !== undefined && patterns.some(p => p.test(v)));
    });
  }
  return out;
}

// EC2 itself returns everything when MaxResults is absent; the sandbox pages at
// faults.pageSize instead (see paging.ts), so a client that ignores NextToken fails here.
export function rules(max: number, min = 5): PageRules {
  return {
    min,
    max,
    invalidToken: () =>
      new AwsError(
        'InvalidPaginationToken',
        'The specified pagination token is not valid or is expired.',
      ),
    invalidSize: message => new AwsError('InvalidParameterValue', message),
  };
}

export function paged<T>(
  ctx: OperationContext,
  operation: string,
  params: QueryParams,
  items: T[],
  pageRules: PageRules,
): { items: T[]; nextToken?: string } {
  // Tokens are bound to the same listing: same caller, region and filters.
  const scope = `ec2|${operation}|${ctx.caller.accountId}|${
    ctx.region
  }|${JSON.stringify(params.filters())}`;
  return page(
    items,
    {
      scope,
      token: params.get('NextToken'),
      size: params.int('MaxResults'),
      defaultSize: ctx.faults.pageSize,
    },
    pageRules,
  );
}

export function byIds<T>(
  items: T[],
  ids: string[],
  idOf: (item: T) => string,
  notFound: string,
  noun: string,
): T[] {
  if (ids.length === 0) return items;
  const found = new Map(items.map(i => [idOf(i), i]));
  const missing = ids.filter(id => !found.has(id));
  if (missing.length > 0) {
    throw new AwsError(
      notFound,
      `The ${noun} ID '${missing.join(', ')}' does not exist`,
    );
  }
  return ids.flatMap(id => found.get(id) ?? []);
}

export function vpcsOf(ctx: OperationContext): Vpc[] {
  return ctx.index.region(ctx.caller.accountId, ctx.region).vpcs;
}

export function withVpc<T>(
  ctx: OperationContext,
  pick: (vpc: Vpc) => T[],
): { vpc: Vpc; item: T }[] {
  const out: { vpc: Vpc; item: T }[] = [];
  for (const vpc of vpcsOf(ctx)) {
    for (const item of pick(vpc)) out.push({ vpc, item });
  }
  return out;
}

export function dryRun(params: QueryParams): void {
  if (params.bool('DryRun')) {
    throw new AwsError(
      'DryRunOperation',
      'Request would have succeeded, but DryRun flag is set.',
      412,
    );
  }
}
