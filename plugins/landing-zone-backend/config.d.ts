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
        s3?: string;
        elbv2?: string;
        wafv2?: string;
        cloudfront?: string;
        rds?: string;
        elasticache?: string;
        autoscaling?: string;
        macie2?: string;
        kms?: string;
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
      /**
       * How many days back the root user's activity is looked up in each
       * account-region's CloudTrail event history (LookupEvents, Username
       * root; at most 50 events kept per account-region). 1 to 90, the
       * history CloudTrail keeps. Default 90.
       */
      rootActivityDays?: number;
    };

    /**
     * Where guardrails are judged, and the settings some of them read.
     * A guardrail out of an account's scope gives no verdict there; the
     * account page says why it is not judged.
     */
    guardrails?: {
      /**
       * The accounts that hold data, judged by s3-bucket-encryption and
       * macie-enabled. Default: under an OU named Data, or tagged
       * data-classification (any value).
       */
      dataAccounts?: GuardrailAccountSelector;
      /**
       * The OUs (or tags, or accounts) whose people sign in through IAM
       * Identity Center only: iam-no-users judges these. Default: none, so
       * iam-no-users is judged nowhere until they are named.
       */
      identityCenterOnly?: GuardrailAccountSelector;
      /** Accounts outside the organisation that IAM roles may trust (partners), 12-digit ids. */
      trustedAccounts?: string[];
      /** RDS, ElastiCache and data buckets must use a customer managed KMS key. Default false. */
      requireCustomerManagedKeys?: boolean;
      /** Running EC2 instances older than this many days fail ec2-instance-rotation. Default 30. */
      instanceMaxAgeDays?: number;
      /**
       * Scopes by guardrail id, e.g. `waf-public-entry: { enabled: false }` or
       * `ec2-instance-rotation: { include: { organizationalUnits: [Workloads] } }`.
       * An unknown id stops the backend at start-up.
       */
      checks?: {
        [guardrailId: string]: {
          /** Default true. */
          enabled?: boolean;
          /** Judged only in the accounts this picks (default: every account). */
          include?: GuardrailAccountSelector;
          /** Never judged in the accounts this picks. */
          exclude?: GuardrailAccountSelector;
        };
      };
    };

    /** History kept for posture trends. */
    history?: {
      /** Days of daily roll-ups to keep. Default 90. */
      days?: number;
    };

    /**
     * Account vending: requests checked against the live organisation, VPC
     * CIDR blocks from these pools, and requests followed through their pull
     * requests (GitHub through `integrations.github`).
     */
    vending?: {
      /**
       * The infrastructure repository account requests are opened against
       * (the scaffolder's landing-zone:vending:repository action outputs it).
       * When set, only pull requests of this repository are registered and
       * followed. Unset: any repository on a host of `integrations.github`.
       */
      repository?: {
        /** A repoUrl, e.g. `github.com?owner=acme&repo=infrastructure`. */
        url: string;
        /** The branch pull requests go into. Default `main`. */
        branch?: string;
      };
      /**
       * Where VPC CIDR blocks come from, tried by name (default the first).
       * IPv4 networks, /28 or larger, overlapping no other pool. No default:
       * without a pool no block is allocated, since a default range could
       * collide with a real network. The demo uses 10.128.0.0/12, clear of
       * the demo organisation's VPCs.
       */
      cidrPools?: Array<{
        /** e.g. `workloads` */
        name: string;
        /** e.g. `10.128.0.0/12` */
        cidr: string;
      }>;
      /** The block size when a request names none, /16 to /28. Default 16. */
      defaultPrefixLength?: number;
      /**
       * Minutes an allocated block stays reserved before a request holds it
       * (landing-zone:account-request:register); then it is free again.
       * Default 60.
       */
      reservationMinutes?: number;
      /**
       * OUs that hold suspended accounts, by name (any case) or id; an OU
       * below one of them is one too. No request goes there. Default
       * `['Suspended']`.
       */
      suspendedOrganizationalUnits?: string[];
      /**
       * The context of the commit status the portal posts on each open
       * request's pull request. Default `landing-zone/guardrails`.
       */
      statusContext?: string;
      /** The task that follows requests in flight. */
      follow?: {
        /**
         * When it runs. Default every minute, 5 minute timeout, first run
         * 30 s after start. One replica runs it at a time.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /**
     * Alerts after each scan through Backstage's notifications (and its Slack
     * module when configured): regressions, recoveries, accounts no longer
     * read, new accounts outside the known OUs, root-user activity. One
     * notification per owning group (the owner tag; else the catalog's
     * fallback owner) per scan.
     */
    alerts?: {
      /** Default true. False: nothing is detected, stored or sent. */
      enabled?: boolean;
      /** Which kinds are detected; each defaults to true. */
      kinds?: {
        regression?: boolean;
        recovery?: boolean;
        stale?: boolean;
        newAccount?: boolean;
        rootActivity?: boolean;
      };
      /**
       * Also told of regressions of `securitySeverities`, of root-user
       * activity and of new accounts outside the known OUs, e.g.
       * `group:default/security-team`. Default: nobody.
       */
      securityGroup?: string;
      /** Default `[critical, high]`. */
      securitySeverities?: Array<'critical' | 'high' | 'medium' | 'low'>;
      /**
       * A new account under none of these OUs (name or id, any unit on its
       * path) is announced. Default: only accounts placed directly under the
       * root.
       */
      knownOrganizationalUnits?: string[];
      /** Accounts whose alerts are neither stored nor sent, e.g. `{ organizationalUnits: [Sandbox] }`. */
      exclude?: GuardrailAccountSelector;
      /** Per guardrail id: regressions and recoveries off, or only in some accounts. */
      guardrails?: {
        [checkId: string]: {
          enabled?: boolean;
          include?: GuardrailAccountSelector;
          exclude?: GuardrailAccountSelector;
        };
      };
      /**
       * Default none. Alerts found within them wait for their end; critical
       * ones (root activity, root MFA, …) are sent at once.
       */
      quietHours?: {
        /** e.g. '22:00' */
        start: string;
        /** e.g. '07:00' (before start: the hours span midnight) */
        end: string;
        /** IANA time zone, default UTC, e.g. 'Asia/Tokyo'. */
        timeZone?: string;
      };
      /**
       * The periodic run that sends what a backend could not (it stopped, the
       * notifications backend failed, quiet hours ended). Default every
       * minute, 5 minute timeout, first run a minute after start. One replica
       * runs it at a time.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}

/**
 * Accounts picked by OU (any unit on the account's path, by name or id,
 * case-insensitive), by tag (a value, a list of values, or '*' for any) or by
 * id; an account matches when any entry does.
 */
type GuardrailAccountSelector = {
  organizationalUnits?: string[];
  tags?: { [key: string]: string | string[] };
  accounts?: string[];
};
