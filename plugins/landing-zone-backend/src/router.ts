import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  landingZoneAccountReadPermission,
  landingZonePostureReadPermission,
  landingZoneScanCreatePermission,
  type AccountDetails,
  type AccountSummary,
  type GuardrailAccount,
  type GuardrailDetails,
  type GuardrailList,
  type OrganizationTreeNode,
  type Page,
  type AlertRecord,
  type PolicyList,
  type PolicyWhatIfResult,
  type PostureMatrix,
  type PostureSummary,
  type PostureTrend,
  type ScanRun,
  type VpcSummary,
} from '@internal/plugin-landing-zone-common';
import type { LandingZoneService } from '@internal/plugin-landing-zone-node';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import type { AccountQuery, AccountScope } from './permissions';
import { createVendingRoutes } from './vending/routes';
import { PolicyChangeError } from './whatIf/policyChange';
import type { PolicyWhatIf } from './whatIf/PolicyWhatIf';
import type { Alerts } from './alerts/Alerts';
import type { VendingService } from './vending/VendingService';
import express from 'express';
import Router from 'express-promise-router';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod/v3';

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$/;

/**
 * Text a person or a program typed: no NUL (PostgreSQL rejects it, SQLite
 * would end the string there) and no other control character.
 */
const text = (max: number, pattern?: { regex: RegExp; message: string }) => {
  let schema = z.string().min(1).max(max);
  if (pattern) schema = schema.regex(pattern.regex, pattern.message);
  return schema.refine(
    // eslint-disable-next-line no-control-regex
    s => !/[\u0000-\u001f\u007f]/.test(s),
    { message: 'must not contain control characters' },
  );
};
const ouId = () =>
  text(80, {
    regex: OU_ID,
    message: 'must be an organizational unit or root id',
  });

/** A whole number written in decimal: no hex, no exponent, no array. */
const decimal = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number in decimal')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(String(fallback));

const pageSchema = {
  limit: decimal(1, 500, 50),
  cursor: text(2048).optional(),
};

const environment = z.enum(['prod', 'non-prod', 'unknown']);

const accountFilterSchema = {
  ou: ouId().optional(),
  owner: text(256).optional(),
  environment: environment.optional(),
  compliance: z.enum(['compliant', 'non-compliant', 'unknown']).optional(),
  q: text(200).optional(),
};

const accountsQuery = z
  .object({ ...pageSchema, ...accountFilterSchema })
  .strict();

// Not held to kebab-case: checks added by other modules choose their ids.
const guardrailId = () => text(200);
const verdictStatus = z.enum(['pass', 'fail', 'unknown']);

const matrixFilterSchema = {
  ...accountFilterSchema,
  check: guardrailId().optional(),
  status: verdictStatus.optional(),
};
const matrixQuery = z.object({ ...pageSchema, ...matrixFilterSchema }).strict();
// The export is the whole filtered matrix: a page's limit or cursor is a
// mistake, said as such rather than as an unknown parameter.
const notPaged = z
  .never({ message: 'the export is the whole filtered matrix, not a page' })
  .optional();
const matrixCsvQuery = z
  .object({ ...matrixFilterSchema, limit: notPaged, cursor: notPaged })
  .strict();

const alertsQuery = z
  .object({
    ...pageSchema,
    scanId: text(100).optional(),
    kind: z
      .enum(['regression', 'recovery', 'stale', 'new-account', 'root-activity'])
      .optional(),
  })
  .strict();

const guardrailAccountsQuery = z
  .object({
    ...pageSchema,
    ...accountFilterSchema,
    status: verdictStatus.optional(),
  })
  .strict();
const guardrailParams = z.object({ checkId: guardrailId() });
const noQuery = z.object({}).strict();

const vpcsQuery = z
  .object({
    ...pageSchema,
    accountId: z
      .string()
      .regex(ACCOUNT_ID, 'must be a 12-digit account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name')
      .optional(),
    environment: environment.optional(),
  })
  .strict();

const days = decimal(1, 3650, 30);

const postureQuery = z.object({ days }).strict();

const postureTrendQuery = z
  .object({
    days,
    ou: ouId().optional(),
    check: guardrailId().optional(),
  })
  .strict();

const scansQuery = z.object(pageSchema).strict();

const accountParams = z.object({
  accountId: z.string().regex(ACCOUNT_ID, 'must be a 12-digit AWS account id'),
});
const scanParams = z.object({ scanId: text(200) });

const policyId = z
  .string()
  .regex(/^p-[0-9a-zA-Z_-]{1,128}$/, 'must be a policy id (p-…)');
const targetId = z
  .string()
  .regex(
    /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/,
    'must be a root, OU or account id',
  );
// Organizations takes documents up to 5,120 characters (10,000 for some
// types); a larger body is refused before it is parsed as a policy.
const content = z.string().min(1).max(100_000);
const whatIfRequest = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('attach-new'),
      policyType: z.enum(['SCP', 'RCP']),
      name: text(128),
      content,
      targetId,
    })
    .strict(),
  z.object({ kind: z.literal('edit'), policyId, content }).strict(),
  z.object({ kind: z.literal('detach'), policyId, targetId }).strict(),
]);

function parse<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues
      .map(i => `${i.path.join('.') || 'query'}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid request: ${detail}`);
  }
  return result.data;
}

/**
 * The service, each method taking, last, the accounts a permission decision
 * admits (none: every account). A service that ignores it serves everything.
 */
export type ScopedLandingZoneService = {
  [K in keyof LandingZoneService]: LandingZoneService[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: [...A, scope?: AccountScope]) => R
    : LandingZoneService[K];
};

export type RouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: ScopedLandingZoneService;
  /**
   * Turns a conditional decision on landing-zone accounts into a filter;
   * without it a conditional decision is a denial.
   */
  accountConditions?: ConditionTransformer<AccountQuery>;
  /** Account vending's routes (src/vending/routes.ts); none without it. */
  vending?: VendingService;
  /** POST /policies/what-if; none without it. */
  whatIf?: Pick<PolicyWhatIf, 'assess' | 'policies'>;
  alerts?: Pick<Alerts, 'list'>;
};

/**
 * The REST routes: parse, authorize, call the service, respond. Each response
 * is typed with the API contract in -common that LandingZoneClient reads.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    service,
    accountConditions,
    vending,
    whatIf,
    alerts,
  } = options;
  const router = Router();

  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  };
  /**
   * The posture read permission, then which accounts the user may see:
   * undefined for all of them (ALLOW, as for service principals), a filter
   * from the policy's conditions (CONDITIONAL), none at all a 403 (DENY).
   */
  const read = async (
    req: express.Request,
  ): Promise<AccountScope | undefined> => {
    const credentials = await authorize(req, landingZonePostureReadPermission);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: landingZoneAccountReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    if (decision.result === AuthorizeResult.CONDITIONAL && accountConditions) {
      return accountConditions(decision.conditions);
    }
    throw new NotAllowedError(
      `Not allowed: ${landingZoneAccountReadPermission.name}`,
    );
  };

  router.get('/accounts', async (req, res) => {
    const scope = await read(req);
    const body: Page<AccountSummary> = await service.listAccounts(
      parse(accountsQuery, req.query),
      scope,
    );
    res.json(body);
  });

  router.get('/accounts/:accountId', async (req, res) => {
    const scope = await read(req);
    const { accountId } = parse(accountParams, req.params);
    const body: AccountDetails | undefined = await service.getAccount(
      accountId,
      scope,
    );
    if (!body) throw new NotFoundError(`No account ${accountId}`);
    res.json(body);
  });

  router.get('/vpcs', async (req, res) => {
    const scope = await read(req);
    const body: Page<VpcSummary> = await service.listVpcs(
      parse(vpcsQuery, req.query),
      scope,
    );
    res.json(body);
  });

  router.get('/organizational-units', async (req, res) => {
    const scope = await read(req);
    const body: OrganizationTreeNode = await service.getOrganizationalUnits(
      scope,
    );
    res.json(body);
  });

  router.get('/posture', async (req, res) => {
    const scope = await read(req);
    const body: PostureSummary = await service.getPosture(
      parse(postureQuery, req.query),
      scope,
    );
    res.json(body);
  });

  router.get('/posture/trend', async (req, res) => {
    const scope = await read(req);
    const body: PostureTrend = await service.getPostureTrend(
      parse(postureTrendQuery, req.query),
      scope,
    );
    res.json(body);
  });

  router.get('/guardrails', async (req, res) => {
    await authorize(req, landingZonePostureReadPermission);
    const body: GuardrailList = await service.listGuardrails();
    res.json(body);
  });

  router.get('/guardrails/:checkId', async (req, res) => {
    const scope = await read(req);
    const { checkId } = parse(guardrailParams, req.params);
    parse(noQuery, req.query);
    const body: GuardrailDetails | undefined = await service.getGuardrail(
      checkId,
      scope,
    );
    if (!body) throw new NotFoundError(`No guardrail check ${checkId}`);
    res.json(body);
  });

  router.get('/guardrails/:checkId/accounts', async (req, res) => {
    const scope = await read(req);
    const { checkId } = parse(guardrailParams, req.params);
    const body: Page<GuardrailAccount> = await service.listGuardrailAccounts(
      checkId,
      parse(guardrailAccountsQuery, req.query),
      scope,
    );
    res.json(body);
  });

  router.get('/matrix', async (req, res) => {
    const scope = await read(req);
    const body: PostureMatrix = await service.getMatrix(
      parse(matrixQuery, req.query),
      scope,
    );
    res.json(body);
  });

  // Streamed: each batch of rows is written as it is read, so the whole
  // estate is never held, and a slow reader holds back the reads.
  router.get('/matrix.csv', async (req, res) => {
    const scope = await read(req);
    const csv = await service.exportMatrixCsv(
      parse(matrixCsvQuery, req.query),
      scope,
    );
    res
      .status(200)
      .type('text/csv')
      .attachment('landing-zone-posture.csv')
      .set('Cache-Control', 'no-store');
    try {
      await pipeline(Readable.from(csv), res);
    } catch (error) {
      // The reader went away: nothing to answer. A failure while writing
      // (the headers are sent) has already cut the response short.
      if (
        (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE'
      ) {
        return;
      }
      throw error;
    }
  });

  router.get('/scans', async (req, res) => {
    await authorize(req, landingZonePostureReadPermission);
    const body: Page<ScanRun> = await service.listScans(
      parse(scansQuery, req.query),
    );
    res.json(body);
  });

  router.get('/scans/:scanId', async (req, res) => {
    await authorize(req, landingZonePostureReadPermission);
    const { scanId } = parse(scanParams, req.params);
    const body: ScanRun | undefined = await service.getScan(scanId);
    if (!body) throw new NotFoundError(`No scan ${scanId}`);
    res.json(body);
  });

  // No body is read: a scan takes no input, and nothing a caller sends is
  // parsed (or echoed back in an error).
  router.post('/scans', async (req, res) => {
    const credentials = await authorize(req, landingZoneScanCreatePermission);
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const body: ScanRun = await service.startScan({
      requestedBy: principal.userEntityRef ?? principal.subject,
    });
    res.status(202).location(`scans/${body.id}`).json(body);
  });

  if (alerts) {
    // Alerts of the accounts the user may see, newest first.
    router.get('/alerts', async (req, res) => {
      const scope = await read(req);
      const { limit, cursor, scanId, kind } = parse(alertsQuery, req.query);
      const body: Page<AlertRecord> = await alerts.list({
        scanId,
        kind,
        scope,
        page: { limit, cursor },
      });
      res.json(body);
    });
    router.get('/accounts/:accountId/alerts', async (req, res) => {
      const scope = await read(req);
      const { accountId } = parse(accountParams, req.params);
      const { limit, cursor, scanId, kind } = parse(alertsQuery, req.query);
      // An account the user may not see is as unknown as one that is not there.
      const account = await service.getAccount(accountId, scope);
      if (!account) throw new NotFoundError(`No account ${accountId}`);
      const body: Page<AlertRecord> = await alerts.list({
        accountId,
        scanId,
        kind,
        scope,
        page: { limit, cursor },
      });
      res.json(body);
    });
  }

  if (whatIf) {
    // The policies and where they are attached: what the what-if page picks
    // from. Targets name accounts, so the same rule as the what-if applies.
    router.get('/policies', async (req, res) => {
      if (await read(req)) {
        throw new NotAllowedError(
          `Not allowed: the organisation's policies name every account they are attached to, and ${landingZoneAccountReadPermission.name} admits only some`,
        );
      }
      const items = await whatIf.policies();
      if (!items)
        throw new NotFoundError('The organisation has not been scanned yet');
      const body: PolicyList = { items };
      res.json(body);
    });

    // A policy document is at most 10,000 characters; room for its JSON escaping.
    router.post(
      '/policies/what-if',
      express.json({ limit: '64kb' }),
      async (req, res) => {
        // It judges every account the change reaches: a user who may see only
        // some accounts would learn about the others.
        if (await read(req)) {
          throw new NotAllowedError(
            `Not allowed: the policy what-if judges every account, and ${landingZoneAccountReadPermission.name} admits only some`,
          );
        }
        const change = parse(whatIfRequest, req.body);
        try {
          const body: PolicyWhatIfResult = await whatIf.assess(change);
          res.json(body);
        } catch (error) {
          if (error instanceof PolicyChangeError) {
            throw new InputError(error.message);
          }
          throw error;
        }
      },
    );
  }

  if (vending) {
    router.use(createVendingRoutes({ vending, authorize, read }));
  }

  return router;
}
