import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  guardrailCatalogue,
  landingZonePostureReadPermission,
  landingZoneScanCreatePermission,
  type GuardrailCheck,
} from '@internal/plugin-landing-zone-common';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import type { Scanner } from './scan/Scanner';
import type { LandingZoneStore } from './store/LandingZoneStore';
import {
  organizationTree,
  postureSummary,
  postureTrend,
} from './store/summaries';

const ACCOUNT_ID = /^\d{12}$/;

const pageSchema = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
};

const accountsQuery = z
  .object({
    ...pageSchema,
    ou: z.string().min(1).optional(),
    owner: z.string().min(1).optional(),
    environment: z.enum(['prod', 'non-prod', 'unknown']).optional(),
    compliance: z.enum(['compliant', 'non-compliant', 'unknown']).optional(),
    q: z.string().min(1).max(200).optional(),
  })
  .strict();

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
    environment: z.enum(['prod', 'non-prod', 'unknown']).optional(),
  })
  .strict();

const days = z.coerce.number().int().min(1).max(3650).default(30);

const postureQuery = z.object({ days }).strict();

const postureTrendQuery = z
  .object({
    days,
    ou: z
      .string()
      .regex(
        /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$/,
        'must be an organizational unit or root id',
      )
      .optional(),
    // Not held to kebab-case: checks added by other modules choose their ids.
    check: z.string().min(1).max(200).optional(),
  })
  .strict();

const scansQuery = z.object(pageSchema).strict();

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

export type RouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: LandingZoneStore;
  scanner: Scanner;
  checks: () => GuardrailCheck[];
};

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, store, scanner } = options;
  const router = Router();
  router.use(express.json());

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
  const read = (req: express.Request) =>
    authorize(req, landingZonePostureReadPermission);

  router.get('/accounts', async (req, res) => {
    await read(req);
    const q = parse(accountsQuery, req.query);
    res.json(
      await store.listAccounts(
        {
          ou: q.ou,
          owner: q.owner,
          environment: q.environment,
          compliance: q.compliance,
          text: q.q,
        },
        { limit: q.limit, cursor: q.cursor },
      ),
    );
  });

  router.get('/accounts/:accountId', async (req, res) => {
    await read(req);
    const { accountId } = req.params;
    if (!ACCOUNT_ID.test(accountId)) {
      throw new InputError('accountId must be a 12-digit AWS account id');
    }
    const account = await store.getAccount(accountId);
    if (!account) throw new NotFoundError(`No account ${accountId}`);
    const [[facts], results, vpcs] = await Promise.all([
      store.loadAccountFacts([accountId]),
      store.getResults(accountId),
      store.listVpcs({ accountId }, { limit: 500 }),
    ]);
    res.json({
      account,
      facts: {
        access: facts?.access,
        global: facts?.global,
        regions: facts?.regions,
      },
      guardrails: results,
      vpcs: vpcs.items,
    });
  });

  router.get('/vpcs', async (req, res) => {
    await read(req);
    const q = parse(vpcsQuery, req.query);
    res.json(
      await store.listVpcs(
        {
          accountId: q.accountId,
          region: q.region,
          environment: q.environment,
        },
        { limit: q.limit, cursor: q.cursor },
      ),
    );
  });

  router.get('/organizational-units', async (req, res) => {
    await read(req);
    const organization = await store.getOrganization();
    if (!organization) {
      throw new NotFoundError('The organisation has not been scanned yet');
    }
    const accounts = await store.listAccounts({}, { limit: 1_000_000 });
    res.json(organizationTree(organization, accounts.items));
  });

  router.get('/posture', async (req, res) => {
    await read(req);
    const q = parse(postureQuery, req.query);
    res.json(await postureSummary(store, options.checks(), q.days));
  });

  router.get('/posture/trend', async (req, res) => {
    await read(req);
    const q = parse(postureTrendQuery, req.query);
    // History is kept under 'org' for the whole organisation, the root's
    // scope, and under the OU id for every other OU.
    let scope = 'org';
    if (q.ou) {
      const organization = await store.getOrganization();
      if (!organization) {
        throw new NotFoundError('The organisation has not been scanned yet');
      }
      if (!organization.units.some(u => u.id === q.ou)) {
        throw new NotFoundError(`No organizational unit ${q.ou}`);
      }
      if (q.ou !== organization.rootId) scope = q.ou;
    }
    if (q.check && !options.checks().some(c => c.definition.id === q.check)) {
      throw new NotFoundError(`No guardrail check ${q.check}`);
    }
    res.json({
      items: await postureTrend(store, {
        scope,
        checkId: q.check ?? '*',
        days: q.days,
      }),
    });
  });

  router.get('/guardrails', async (req, res) => {
    await read(req);
    const custom = options
      .checks()
      .map(c => c.definition)
      .filter(d => !guardrailCatalogue.some(g => g.id === d.id));
    res.json({ items: [...guardrailCatalogue, ...custom] });
  });

  router.get('/scans', async (req, res) => {
    await read(req);
    const q = parse(scansQuery, req.query);
    res.json(await store.scans.list({ limit: q.limit, cursor: q.cursor }));
  });

  router.get('/scans/:scanId', async (req, res) => {
    await read(req);
    const scan = await store.scans.get(req.params.scanId);
    if (!scan) throw new NotFoundError(`No scan ${req.params.scanId}`);
    res.json(scan);
  });

  router.post('/scans', async (req, res) => {
    const credentials = await authorize(req, landingZoneScanCreatePermission);
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const requestedBy = principal.userEntityRef ?? principal.subject;
    // ConflictError (409) when a scan is already running.
    const { scan } = await scanner.start({ trigger: 'manual', requestedBy });
    res.status(202).location(`scans/${scan.id}`).json(scan);
  });

  return router;
}
