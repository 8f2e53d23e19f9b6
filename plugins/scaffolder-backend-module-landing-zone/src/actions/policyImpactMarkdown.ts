import {
  guardrailCatalogue,
  type PolicyWhatIfRequestChange,
  type PolicyWhatIfResult,
} from '@internal/plugin-landing-zone-common';

/*
 * The impact of a policy change as a pull request's description can carry
 * it. GitHub takes at most 65,536 characters; the tables here stop at a fixed
 * number of rows, names and quoted characters ("and N more"), so whatever
 * the size of the organisation the summary stays under 25,000 characters
 * (a few hundred for a small change), room for the template's own words.
 */

/** Request rows at most, most accounts first. */
export const MAX_REQUESTS = 10;
/** Guardrail rows at most (a guardrail and its turn, e.g. pass → fail). */
export const MAX_VERDICTS = 20;
/** Account names named per row. */
export const NAMES_PER_ROW = 5;
/** Characters of a verdict's evidence quoted. */
const EVIDENCE_CHARACTERS = 160;

const titles = new Map(guardrailCatalogue.map(g => [g.id, g.title]));

// A table cell: no line breaks, no column separators, no inline HTML.
function cell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[|<>]/g, c => `\\${c}`)
    .trim();
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Who makes a sample request, and how: "by a role of the account, on one of its resources, without TLS". */
export function describeRequest(request: PolicyWhatIfRequestChange): string {
  const onResource = request.policyTypes?.includes('RCP') ?? false;
  const parts = [`\`${request.action}\` in ${request.region}`];
  if (request.principal === 'outside-organization') {
    parts.push('from outside the organisation, on a resource of the account');
  } else {
    parts.push(
      onResource
        ? 'by a role of the account, on one of its resources'
        : 'by a role of the account',
    );
  }
  if (request.secureTransport === false) parts.push('without TLS');
  return parts.join(', ');
}

function accountList(
  ids: string[],
  names: Record<string, string>,
  first: number,
): string {
  const named = ids.map(id => names[id] ?? id).sort();
  const shown = named.slice(0, first).map(cell).join(', ');
  const rest = named.length - first;
  return `${named.length.toLocaleString('en-US')}: ${shown}${
    rest > 0 ? `, and ${rest.toLocaleString('en-US')} more` : ''
  }`;
}

function requestTable(result: PolicyWhatIfResult): string[] {
  const requests = result.requests ?? [];
  const names = result.accountNames ?? {};
  const rows: string[] = [];
  for (const request of requests.slice(0, MAX_REQUESTS)) {
    const describe = cell(describeRequest(request));
    if (request.becameDenied.length > 0) {
      rows.push(
        `| ${describe} | **denied** | ${accountList(
          request.becameDenied,
          names,
          NAMES_PER_ROW,
        )} |`,
      );
    }
    if (request.becameAllowed.length > 0) {
      rows.push(
        `| ${describe} | **allowed** | ${accountList(
          request.becameAllowed,
          names,
          NAMES_PER_ROW,
        )} |`,
      );
    }
  }
  const more = requests.length - MAX_REQUESTS;
  return [
    '#### Requests that change',
    '',
    '| Request | Becomes | Accounts |',
    '|---|---|---|',
    ...rows,
    ...(more > 0
      ? ['', `And ${plural(more, 'more request')} that change.`]
      : []),
  ];
}

function verdictTable(result: PolicyWhatIfResult): string[] {
  // One row per guardrail and turn (pass → fail, fail → pass…), with the
  // accounts it happens in: a reviewer reads what changes, then where.
  const groups = new Map<
    string,
    {
      title: string;
      before: string;
      after: string;
      accounts: string[];
      why?: string;
    }
  >();
  const accounts = [...(result.accounts ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const account of accounts) {
    for (const change of account.changes) {
      const key = `${change.checkId} ${change.before} ${change.after}`;
      let group = groups.get(key);
      if (!group) {
        const evidence = change.evidence[0];
        group = {
          title: titles.get(change.checkId) ?? change.checkId,
          before: change.before,
          after: change.after,
          accounts: [],
          // The first account's evidence stands for the others'.
          why:
            evidence &&
            `${account.name}${evidence.region ? `, ${evidence.region}` : ''}: ${
              evidence.message
            }`,
        };
        groups.set(key, group);
      }
      group.accounts.push(account.name);
    }
  }
  const sorted = [...groups.values()].sort(
    (a, b) =>
      b.accounts.length - a.accounts.length || a.title.localeCompare(b.title),
  );
  const rows = sorted
    .slice(0, MAX_VERDICTS)
    .map(
      g =>
        `| ${cell(g.title)} | ${g.before} → **${g.after}** | ${accountList(
          g.accounts,
          {},
          NAMES_PER_ROW,
        )} | ${g.why ? cell(shorten(g.why, EVIDENCE_CHARACTERS)) : ''} |`,
    );
  const more = sorted.length - MAX_VERDICTS;
  return [
    '#### Guardrail verdicts that change',
    '',
    `${plural(
      accounts.length,
      'account',
    )} would have a guardrail verdict turned around.`,
    '',
    '| Guardrail | Before → after | Accounts | For example |',
    '|---|---|---|---|',
    ...rows,
    ...(more > 0 ? ['', `And ${plural(more, 'more guardrail change')}.`] : []),
  ];
}

/**
 * A pull-request-ready summary of a what-if's answer: the accounts it
 * reaches, the sample requests that become denied or allowed with how many
 * accounts and the first of their names, and the guardrail verdicts that
 * turn around, before → after, with the accounts where they do. Bounded in
 * size.
 */
export function policyImpactMarkdown(result: PolicyWhatIfResult): string {
  const reached = result.reached ?? 0;
  const requests = result.requests ?? [];
  const accounts = result.accounts ?? [];
  const lines = [
    '### Impact on the organisation',
    '',
    `The Landing Zone Portal judged this change on its last scan: it reaches ${plural(
      reached,
      'active account',
    )}.`,
    '',
  ];
  if (requests.length === 0 && accounts.length === 0) {
    lines.push(
      `No verdict changes: no guardrail verdict and no sample request turns around in the ${plural(
        reached,
        'account',
      )} it reaches.`,
    );
    return lines.join('\n');
  }
  if (requests.length > 0) {
    lines.push(...requestTable(result), '');
  } else {
    lines.push('No sample request becomes denied or allowed.', '');
  }
  if (accounts.length > 0) {
    lines.push(...verdictTable(result));
  } else {
    lines.push('No guardrail verdict changes.');
  }
  return lines.join('\n');
}
