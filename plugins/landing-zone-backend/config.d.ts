import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Landing Zone Portal backend (plugin id `landing-zone`). */
  landingZone?: {
    /**
     * Regions the organisation allows and the scanner reads in every member
     * account, e.g. ['eu-west-1', 'eu-central-1']. Detective guardrails must
     * hold in each of them; the region allow-list SCP is judged against them.
     */
    regions: string[];

    /** How the organisation itself is read. */
    organization?: {
      /** Region for Organizations calls. Default us-east-1 (Organizations is global). */
      region?: string;
      /**
       * A role to assume (with the default credentials) before reading
       * Organizations, e.g. a reader role in the management account or a
       * delegated administrator. Unset: the default credentials read it directly.
       */
      roleArn?: string;
      /**
       * External id for that role.
       * @visibility secret
       */
      externalId?: string;
      /**
       * Session name of that role, visible in the management account's
       * CloudTrail. Default landing-zone-portal-organization: distinct from the
       * member role's, so the organisation read is told apart from the
       * member reads.
       */
      sessionName?: string;
    };

    /** The read-only role assumed in each member account. */
    memberRole?: {
      /** Role name, the same in every account. Default LandingZoneReadOnly. */
      name?: string;
      /**
       * External id the role's trust policy requires.
       * @visibility secret
       */
      externalId?: string;
      /** Session name, visible in the accounts' CloudTrail. Default landing-zone-portal. */
      sessionName?: string;
    };

    /** AWS SDK settings shared by every client. */
    aws?: {
      /**
       * Endpoint overrides (e.g. VPC endpoints, a proxy, or a local emulator).
       * `default` applies to every service without its own entry.
       */
      endpoints?: {
        default?: string;
        organizations?: string;
        sts?: string;
        ec2?: string;
        iam?: string;
        guardduty?: string;
        cloudtrail?: string;
        config?: string;
        securityhub?: string;
        accessanalyzer?: string;
        s3control?: string;
      };
      /** Attempts per call including the first, with adaptive retry. Default 6. */
      maxAttempts?: number;
      /**
       * Timeout per call attempt, in milliseconds, from sending the request
       * (waiting for a free connection included, see maxSockets) to its
       * answer. An attempt that exceeds it fails as a TimeoutError and is
       * retried like any transient error; a call whose every attempt timed out
       * becomes the error of its fact, and its account counts as failed.
       * Default 10000.
       */
      requestTimeoutMs?: number;
      /** Open connections per endpoint. Default 64. */
      maxSockets?: number;
    };

    /** The scheduled scan. */
    scan?: {
      /** When to scan. Default every hour, 50 minute timeout, first run 15 s after start. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Accounts collected in parallel. Default 8. */
      concurrency?: number;
      /**
       * Most accounts refreshed per run; the stalest go first, so the whole
       * estate cycles within (accounts ÷ accountsPerRun) runs. Default: all.
       */
      accountsPerRun?: number;
      /** Accounts saved per database transaction. Default 25. */
      batchSize?: number;
      /**
       * How old an account's tags may be before a scan reads them again, as a
       * duration ({ hours: 24 }) or ISO 8601 string ('PT24H'). Each read is one
       * Organizations call, the slowest API there is; at most accountsPerRun
       * accounts' tags are read per run, oldest first. Default 24 hours.
       */
      tagsMaxAge?: HumanDuration | string;
    };

    /** History kept for posture trends. */
    history?: {
      /** Days of daily roll-ups to keep. Default 90. */
      days?: number;
    };
  };
}
