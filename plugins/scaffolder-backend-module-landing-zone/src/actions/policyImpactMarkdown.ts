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
/** Account names named per request. */
export const NAMES_PER_REQUEST = 5;
/** Account rows at most. */
export const MAX_ACCOUNTS = 20;
/** Verdict changes listed per account. */
const CHANGES_PER_ACCOUNT = 3;
/** Characters of a verdict's evidence quoted. */
const EVIDENCE_CHARACTERS = 120;

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
          NAMES_PER_REQUEST,
        )} |`,
      );
    }
    if (request.becameAllowed.length > 0) {
      rows.push(
        `| ${describe} | **allowed** | ${accountList(
          request.becameAllowed,
          names,
          NAMES_PER_REQUEST,
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

function accountTable(result: PolicyWhatIfResult): string[] {
  const accounts = [...(result.accounts ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const rows = accounts.slice(0, MAX_ACCOUNTS).map(account => {
    const changes = account.changes.slice(0, CHANGES_PER_ACCOUNT).map(c => {
      const title = titles.get(c.checkId) ?? c.checkId;
      const why = c.evidence[0]?.message;
      return `${cell(title)}: ${c.before} → **${c.after}**${
        why ? ` (${cell(shorten(why, EVIDENCE_CHARACTERS))})` : ''
      }`;
    });
    const hidden = account.changes.length - CHANGES_PER_ACCOUNT;
    if (hidden > 0) changes.push(`and ${plural(hidden, 'more guardrail')}`);
    return `| ${cell(account.name)} \`${account.accountId}\` | ${changes.join(
      '; ',
    )} |`;
  });
  const more = accounts.length - MAX_ACCOUNTS;
  return [
    '#### Guardrail verdicts that change',
    '',
    '| Account | Verdicts (before → after) |',
    '|---|---|',
    ...rows,
    ...(more > 0 ? ['', `And ${plural(more, 'more account')}.`] : []),
  ];
}

/**
 * A pull-request-ready summary of a what-if's answer: the accounts it
 * reaches, the sample requests that become denied or allowed with how many
 * accounts and the first of their names, and the accounts whose guardrail
 * verdicts turn around, before → after. Bounded in size.
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
    lines.push(...accountTable(result));
  } else {
    lines.push('No guardrail verdict changes.');
  }
  return lines.join('\n');
}
