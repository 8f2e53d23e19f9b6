import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type {
  PolicyDocumentProblem,
  PolicyWhatIfRequest,
} from '@internal/plugin-landing-zone-common';
import type { LandingZoneVendingService } from '@internal/plugin-landing-zone-node';
import { asInputErrors } from './errors';
import { policyImpactMarkdown } from './policyImpactMarkdown';
import { examples } from './policyWhatIf.examples';

function where(problem: PolicyDocumentProblem): string {
  if (problem.line === undefined) return problem.message;
  return `line ${problem.line}${
    problem.column === undefined ? '' : `, column ${problem.column}`
  }: ${problem.message}`;
}

/**
 * Creates the `landing-zone:policy:what-if` action: what a proposed SCP or
 * RCP change (an edit, a new policy attached to a target, a detach) would do
 * to every account it reaches, judged by the landing-zone backend on its
 * last scan, with a summary for the pull request that proposes it. A
 * document with problems fails the step, naming where each is.
 *
 * @public
 */
export function createPolicyWhatIfAction(options: {
  vending: LandingZoneVendingService;
}): TemplateAction<
  // Named, not inferred from the schema: the inferred union's member order
  // differs between type checks, and so would the API report.
  { change: PolicyWhatIfRequest },
  {
    reached: number;
    accountsChanged: number;
    requestsChanged: number;
    problems: PolicyDocumentProblem[];
    markdown: string;
    document?: string;
  },
  'v2'
> {
  const { vending } = options;
  return createTemplateAction({
    id: 'landing-zone:policy:what-if',
    description:
      "Judges a proposed SCP or RCP change with the landing-zone backend's policy what-if (every account it reaches, with the policies as they are and as they would be) and outputs the impact: the sample requests that become denied or allowed, the accounts whose guardrail verdicts turn around, and a Markdown summary for the pull request's description. A policy document with problems (not JSON, over 5,120 characters, an element or condition operator AWS does not know) fails the step with their line and column.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        change: z =>
          z.discriminatedUnion(
            'kind',
            [
              z.object({
                kind: z.literal('edit'),
                policyId: z.string({
                  description: 'The SCP or RCP to change, e.g. p-regionallow',
                }),
                content: z.string({
                  description: 'Its proposed policy document (JSON)',
                }),
              }),
              z.object({
                kind: z.literal('attach-new'),
                policyType: z.enum(['SCP', 'RCP']),
                name: z.string({ description: 'The new policy’s name' }),
                content: z.string({
                  description: 'Its policy document (JSON)',
                }),
                targetId: z.string({
                  description:
                    'Where it is attached: the root, an OU or an account id',
                }),
              }),
              z.object({
                kind: z.literal('detach'),
                policyId: z.string({ description: 'The SCP or RCP' }),
                targetId: z.string({
                  description: 'The root, OU or account it is detached from',
                }),
              }),
            ],
            {
              description:
                'The change, as POST /api/landing-zone/policies/what-if takes it: edit {policyId, content}, attach-new {policyType, name, content, targetId} or detach {policyId, targetId}',
            },
          ),
      },
      output: {
        reached: z =>
          z.number({
            description: 'Active accounts the change reaches',
          }),
        accountsChanged: z =>
          z.number({
            description:
              'Reached accounts with at least one guardrail verdict turned around',
          }),
        requestsChanged: z =>
          z.number({
            description:
              'Sample requests that become denied or allowed somewhere',
          }),
        problems: z =>
          z
            .array(
              z.object({
                message: z.string(),
                line: z.number().optional(),
                column: z.number().optional(),
              }),
            )
            .describe(
              "The document's problems; when there are any the step fails with them",
            ),
        markdown: z =>
          z.string({
            description:
              "The impact for a pull request's description, under 25,000 characters however many accounts change",
          }),
        document: z =>
          z
            .string({
              description:
                'The proposed document as a repository keeps it: JSON indented by two spaces, so its diff shows what changed; absent for a detach',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { change } = ctx.input;
      ctx.logger.info('Judging a policy change', {
        kind: change.kind,
        policyId: 'policyId' in change ? change.policyId : undefined,
        targetId: 'targetId' in change ? change.targetId : undefined,
      });
      let result;
      try {
        result = await asInputErrors(() => vending.whatIfPolicy(change));
      } catch (error) {
        if (error instanceof InputError) {
          throw new InputError(
            `change: ${error.message}. Pick the policy and target with the policy editor, or run again after the next scan if they are new`,
          );
        }
        throw error;
      }
      ctx.output('problems', result.problems);
      if (result.problems.length > 0) {
        throw new InputError(
          `change.content: the policy document has ${
            result.problems.length === 1
              ? 'a problem'
              : `${result.problems.length} problems`
          }: ${result.problems.map(where).join('; ')}`,
        );
      }
      const accountsChanged = result.accounts?.length ?? 0;
      const requestsChanged = result.requests?.length ?? 0;
      ctx.logger.info('Judged the policy change', {
        reached: result.reached,
        accountsChanged,
        requestsChanged,
      });
      ctx.output('reached', result.reached ?? 0);
      ctx.output('accountsChanged', accountsChanged);
      ctx.output('requestsChanged', requestsChanged);
      ctx.output('markdown', policyImpactMarkdown(result));
      if (change.kind !== 'detach') {
        // Valid JSON: the backend found no problem in it.
        ctx.output(
          'document',
          JSON.stringify(JSON.parse(change.content), null, 2),
        );
      }
    },
  });
}
