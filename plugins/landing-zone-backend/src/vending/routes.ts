import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  landingZoneAccountRequestCreatePermission,
  landingZonePostureReadPermission,
  vendingEnvironments,
  type AccountNetwork,
  type AccountRequest,
  type AccountRequestAvailability,
  type AccountRequestValidation,
  type AllowedRegions,
  type CidrAllocation,
  type CidrPoolList,
  type Page,
  type RegisteredAccountRequest,
  type VendingEnvironment,
} from '@internal/plugin-landing-zone-common';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import type { AccountScope } from '../permissions';
import type { VendingService } from './VendingService';

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Text as typed: bounded and without NUL (PostgreSQL refuses it). Whether a
 * name or email is valid by AWS's rules is the validation's answer, not a
 * 400, so a form can show it beside the field.
 */
const text = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine(s => !/\u0000/.test(s), { message: 'must not contain NUL' });

const environment = z.enum(
  vendingEnvironments as [VendingEnvironment, ...VendingEnvironment[]],
);

const requestInput = {
  accountName: text(400),
  email: text(400),
  ouId: text(200),
  environment,
  regions: z.array(text(64)).max(50),
};

const validationBody = z.object(requestInput).strict();

const registrationBody = z
  .object({
    ...requestInput,
    ouId: z.string().regex(OU_ID, 'must be an organizational unit or root id'),
    regions: z
      .array(z.string().regex(REGION, 'must be AWS region names'))
      .min(1)
      .max(50),
    monthlyBudgetUsd: z.number().nonnegative().max(1e12).optional(),
    allocationId: text(200).optional(),
    pullRequestUrl: text(1024).pipe(z.string().min(1)),
    requestedBy: text(400).optional(),
  })
  .strict();

const allocationBody = z
  .object({
    requestKey: text(400).pipe(z.string().min(1)),
    prefixLength: z.number().int().min(0).max(32).optional(),
    pool: text(200).optional(),
  })
  .strict();

/** A whole number written in decimal: no hex, no exponent, no array. */
const decimal = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number in decimal')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const availabilityQuery = z
  .object({ name: text(400).optional(), email: text(400).optional() })
  .strict()
  .refine(q => q.name !== undefined || q.email !== undefined, {
    message: 'ask about a name, an email or both',
  });

const listQuery = z
  .object({
    state: z
      .enum(['open', 'merged', 'account-seen', 'compliant', 'closed', 'active'])
      .optional(),
    limit: decimal(1, 500).optional(),
    cursor: text(2048).optional(),
  })
  .strict();

const poolsQuery = z
  .object({ prefixLength: decimal(0, 32).optional() })
  .strict();

const networkQuery = z
  .object({
    region: z.string().regex(REGION, 'must be an AWS region name').optional(),
    vpcId: z
      .string()
      .regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id')
      .optional(),
  })
  .strict();

const idParams = z.object({ id: text(200) });
const ouParams = z.object({
  ouId: z.string().regex(OU_ID, 'must be an organizational unit or root id'),
});
const accountParams = z.object({
  accountId: z.string().regex(ACCOUNT_ID, 'must be a 12-digit AWS account id'),
});

function parse<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues
      .map(i => `${i.path.join('.') || 'request'}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid request: ${detail}`);
  }
  return result.data;
}

/**
 * The vending routes, mounted by the plugin's router with its authorization:
 * reads need the posture read permission, a block or a request the
 * account-request create permission (the scaffolder's actions call with
 * their service credentials), an account's network the account read
 * decision as every account route.
 */
export function createVendingRoutes(options: {
  vending: VendingService;
  authorize: (
    req: express.Request,
    permission: BasicPermission,
  ) => Promise<BackstageCredentials>;
  read: (req: express.Request) => Promise<AccountScope | undefined>;
}): express.Router {
  const { vending, authorize, read } = options;
  const router = Router();
  const json = express.json({ limit: '64kb' });

  router.post('/account-requests/validation', json, async (req, res) => {
    await authorize(req, landingZonePostureReadPermission);
    const body: AccountRequestValidation = await vending.validateAccountRequest(
      parse(validationBody, req.body),
    );
    res.json(body);
  });

  router.get('/account-requests/availability', async (req, res) => {
    await authorize(req, landingZonePostureReadPermission);
    const body: AccountRequestAvailability = await vending.checkAvailability(
      parse(availabilityQuery, req.query),
    );
    res.json(body);
  });

  router.get('/account-requests', async (req, res) => {
    await authorize(req, landingZonePostureReadPermission);
    const body: Page<AccountRequest> = await vending.listAccountRequests(
      parse(listQuery, req.query),
    );
    res.json(body);
  });

  router.post('/account-requests', json, async (req, res) => {
    await authorize(req, landingZoneAccountRequestCreatePermission);
    const { registered, created } = await vending.registerAccountRequest(
      parse(registrationBody, req.body),
    );
    const body: RegisteredAccountRequest = registered;
    res
      .status(created ? 201 : 200)
      .location(`account-requests/${body.request.id}`)
      .json(body);
  });

  router.get('/account-requests/:id', async (req, res) => {
    await authorize(req, landingZonePostureReadPermission);
    const { id } = parse(idParams, req.params);
    const body: AccountRequest | undefined = await vending.getAccountRequest(
      id,
    );
    if (!body) throw new NotFoundError(`No account request ${id}`);
    res.json(body);
  });

  router.get(
    '/organizational-units/:ouId/allowed-regions',
    async (req, res) => {
      await authorize(req, landingZonePostureReadPermission);
      const { ouId } = parse(ouParams, req.params);
      const body: AllowedRegions | undefined = await vending.getAllowedRegions(
        ouId,
      );
      if (!body) throw new NotFoundError(`No organizational unit ${ouId}`);
      res.json(body);
    },
  );

  router.get('/cidr-pools', async (req, res) => {
    await authorize(req, landingZonePostureReadPermission);
    const body: CidrPoolList = await vending.listCidrPools(
      parse(poolsQuery, req.query),
    );
    res.json(body);
  });

  router.post('/cidr-allocations', json, async (req, res) => {
    await authorize(req, landingZoneAccountRequestCreatePermission);
    const { allocation, created } = await vending.allocateCidr(
      parse(allocationBody, req.body),
    );
    const body: CidrAllocation = allocation;
    res
      .status(created ? 201 : 200)
      .location(`cidr-allocations/${body.id}`)
      .json(body);
  });

  router.get('/cidr-allocations/:id', async (req, res) => {
    await authorize(req, landingZonePostureReadPermission);
    const { id } = parse(idParams, req.params);
    const body: CidrAllocation | undefined = await vending.getCidrAllocation(
      id,
    );
    if (!body) throw new NotFoundError(`No CIDR allocation ${id}`);
    res.json(body);
  });

  router.get('/accounts/:accountId/network', async (req, res) => {
    const scope = await read(req);
    const { accountId } = parse(accountParams, req.params);
    const body: AccountNetwork | undefined = await vending.getAccountNetwork(
      accountId,
      parse(networkQuery, req.query),
      scope,
    );
    if (!body) throw new NotFoundError(`No account ${accountId}`);
    res.json(body);
  });

  return router;
}
