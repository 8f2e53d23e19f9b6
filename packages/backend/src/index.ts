/*
 * The Landing Zone Portal backend: Backstage's core plugins plus our own.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the built frontend from packages/app/dist.
backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// The organisation's AWS accounts and VPCs as Resource entities.
backend.add(import('@internal/plugin-catalog-backend-module-landing-zone'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
// Account vending: the actions the aws-account template adds to Backstage's
// own (landing-zone:account:validate, landing-zone:cidr:allocate, …).
backend.add(import('@internal/plugin-scaffolder-backend-module-landing-zone'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// Security and platform teams see every account; everyone else sees the
// accounts their groups own (plugins/permission-backend-module-landing-zone).
backend.add(import('@internal/plugin-permission-backend-module-landing-zone'));

backend.add(import('@backstage/plugin-search-backend'));
// PostgreSQL full-text search in production; falls back to Lunr on SQLite.
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
// Notifications (the landing zone's alerts among them) also to Slack, when
// notifications.processors.slack is configured; inert without it.
backend.add(import('@backstage/plugin-notifications-backend-module-slack'));
backend.add(import('@backstage/plugin-signals-backend'));

// The Landing Zone Portal: inventory, guardrails and history of the AWS Organization.
backend.add(import('@internal/plugin-landing-zone-backend'));

backend.start();
