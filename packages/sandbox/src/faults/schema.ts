import { z } from 'zod';
import { serviceOperations } from '../aws/services';
import type { FaultConfig } from '../org/types';

const knownServices = () => [...serviceOperations.keys()].join(', ');

// A misspelt service ("guard-duty") would otherwise be a fault that never fires.
const serviceNameSchema = z
  .string()
  .refine(name => serviceOperations.has(name), {
    error: issue =>
      `unknown service ${JSON.stringify(
        issue.input,
      )} (known: ${knownServices()})`,
  });

const rateLimitKeySchema = z
  .string()
  .regex(/^[a-z0-9-]+(:[A-Za-z0-9]+)?$/, {
    error: 'expected a key like "ec2" or "ec2:DescribeVpcs"',
    // A malformed key ("EC2") is one mistake: no "unknown service" on top.
    abort: true,
  })
  .superRefine((key, ctx) => {
    const [service, operation] = key.split(':');
    const operations = serviceOperations.get(service);
    if (!operations) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown service "${service}" (known: ${knownServices()})`,
      });
    } else if (operation !== undefined && !operations.has(operation)) {
      ctx.addIssue({
        code: 'custom',
        message: `${service} has no operation "${operation}" (known: ${[
          ...operations,
        ].join(', ')})`,
      });
    }
  });

const rateLimitSchema = z
  .object({
    rate: z
      .number()
      .positive({ error: 'expected a rate in calls per second above 0' }),
    burst: z
      .number()
      .int()
      .min(1, { error: 'expected a burst of at least 1 call' }),
  })
  .strict();

const accountIdSchema = z
  .string()
  .regex(/^\d{12}$/, { error: 'expected a 12-digit account id' });

const hangSchema = z
  .object({
    keys: z
      .array(rateLimitKeySchema)
      .min(1, { error: 'expected at least one service or service:Operation' }),
    accounts: z
      .array(accountIdSchema)
      .min(1, {
        error:
          'expected at least one account id (leave accounts out to hang every caller)',
      })
      .optional(),
  })
  .strict();

/**
 * The `faults:` block of an organisation file, the body of `POST /_sandbox/faults`
 * and the `faults` option of startSandbox all share this schema.
 */
export const faultConfigSchema = z
  .object({
    seed: z.number().int().optional(),
    latency: z
      .object({
        ms: z.number().min(0),
        jitterMs: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
    rateLimits: z.record(rateLimitKeySchema, rateLimitSchema).optional(),
    serverErrors: z
      .object({
        rate: z
          .number()
          .min(0)
          .max(1, { error: 'expected a fraction between 0 and 1' }),
        services: z.array(serviceNameSchema).optional(),
      })
      .strict()
      .optional(),
    assumeRoleDenied: z.array(accountIdSchema).optional(),
    hang: hangSchema.optional(),
    pageSize: z
      .number()
      .int()
      .min(1, { error: 'expected a page size of at least 1 item' })
      .optional(),
  })
  .strict() satisfies z.ZodType<FaultConfig>;
