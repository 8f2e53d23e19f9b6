import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  landingZonePermissions,
  type GuardrailCheck,
} from '@internal/plugin-landing-zone-common';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { Alerts } from './alerts/Alerts';
import { readAlertSettings } from './alerts/config';
import { ForwardedError } from '@backstage/errors';
import {
  landingZoneChecksExtensionPoint,
  LANDING_ZONE_SCAN_FINISHED_TOPIC,
  type LandingZoneScanFinishedEvent,
} from '@internal/plugin-landing-zone-node';
import { AwsClientFactory } from './collect/clients';
import { assertKnownGuardrails, readLandingZoneSettings } from './config';
import { PolicyWhatIf } from './whatIf/PolicyWhatIf';
import { defaultChecks } from './evaluate';
import {
  DEFAULT_FALLBACK_OWNER,
  registerAccountResourceType,
} from './permissions';
import { createRouter } from './router';
import { Scanner } from './scan/Scanner';
import { LandingZoneServiceImpl } from './service/LandingZoneServiceImpl';
import { createLandingZoneStore } from './store/LandingZoneStore';
import { createVending } from './vending';

/**
 * The landing-zone backend plugin: collects the AWS Organization, judges its
 * guardrails, keeps history and serves it under /api/landing-zone.
 *
 * @public
 */
export const landingZonePlugin = createBackendPlugin({
  pluginId: 'landing-zone',
  register(env) {
    const extraChecks: GuardrailCheck[] = [];
    env.registerExtensionPoint(landingZoneChecksExtensionPoint, {
      addChecks(...checks) {
        extraChecks.push(...checks);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        events: eventsServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, logger, scheduler, httpRouter, lifecycle } = deps;
        const settings = readLandingZoneSettings(config);

        const ids = new Set<string>();
        for (const check of [...defaultChecks, ...extraChecks]) {
          if (ids.has(check.definition.id)) {
            throw new Error(
              `Duplicate guardrail check id '${check.definition.id}'`,
            );
          }
          ids.add(check.definition.id);
        }
        assertKnownGuardrails(settings.guardrails, ids);
        const checks = () => [...defaultChecks, ...extraChecks];

        // The owner tag and fallback owner are the catalog module's settings:
        // the permission rule IS_OWNED_BY must name the owner the catalog
        // shows.
        const store = await createLandingZoneStore({
          database: deps.database,
          ownerTag: config.getOptionalString(
            'catalog.providers.landingZone.ownerTag',
          ),
        });
        const fallbackOwner =
          config.getOptionalString(
            'catalog.providers.landingZone.fallbackOwner',
          ) ?? DEFAULT_FALLBACK_OWNER;
        // Told after each scan to the teams that own the accounts.
        const alerts = Alerts.create({
          db: await deps.database.getClient(),
          settings: readAlertSettings(config, fallbackOwner),
          notifications: deps.notifications,
          checks,
          logger: logger.child({ task: 'landing-zone-alerts' }),
        });
        assertKnownGuardrails(
          { scopes: alerts.settings.guardrails },
          ids,
          'landingZone.alerts.guardrails',
        );
        const clients = AwsClientFactory.create(settings.aws);
        const scanner = Scanner.create({
          store,
          settings,
          clients,
          checks,
          logger,
          // Lets the catalog's entity provider, and anyone else, refresh as
          // soon as there is something new rather than on its own schedule.
          onFinished: async scan => {
            await deps.events.publish({
              topic: LANDING_ZONE_SCAN_FINISHED_TOPIC,
              eventPayload: {
                scanId: scan.id,
                state: scan.state,
                finishedAt: scan.finishedAt,
              } satisfies LandingZoneScanFinishedEvent,
            });
            await alerts.afterScan(scan.id);
          },
        });
        // A scan whose backend died is still `running` and would hold the
        // lock until its heartbeat is stale; one found at start-up is closed.
        await scanner.recover();
        // Stopping: the running scan is aborted and recorded as interrupted
        // before the database goes, so the next backend can scan at once.
        // The clients go last: the scan's calls end by its signal, not by
        // their sockets being destroyed under them.
        lifecycle.addShutdownHook(async () => {
          await scanner.shutdown();
          clients.destroy();
        });

        deps.permissionsRegistry.addPermissions(landingZonePermissions);
        // Accounts as a resource type, with the rules policies name in their
        // conditions. An account without a valid owner tag is the catalog's
        // fallback owner's, so the same setting is read here.
        const accountConditions = registerAccountResourceType({
          permissionsRegistry: deps.permissionsRegistry,
          db: () => deps.database.getClient(),
          fallbackOwner,
        });

        // Global scope: with several replicas on one database, one runs it.
        await scheduler.scheduleTask({
          id: 'landing-zone-scan',
          scope: 'global',
          ...settings.scan.schedule,
          // The schedule's timeout aborts the signal: the scan stops collecting,
          // keeps what it has and ends partial.
          fn: async signal => {
            await scanner.run({ trigger: 'schedule', signal });
          },
        });

        // Alerts a backend could not send (it stopped, the notifications
        // backend was down, quiet hours) go out on the next run; global, so
        // with several replicas one runs it at a time.
        await scheduler.scheduleTask({
          id: 'landing-zone-alerts',
          scope: 'global',
          ...alerts.settings.schedule,
          fn: async () => {
            await alerts.process();
          },
        });

        // Account vending: requests, CIDR blocks, and a global task that
        // follows each request's pull request and account.
        const vending = await createVending({
          config,
          db: await deps.database.getClient(),
          store,
          regions: settings.regions,
          checks,
          logger: logger.child({ task: 'landing-zone-account-requests' }),
        });
        await scheduler.scheduleTask({
          id: 'landing-zone-account-requests',
          scope: 'global',
          ...vending.settings.follow.schedule,
          fn: async signal => {
            try {
              await vending.follower.run(signal);
            } catch (error) {
              throw new ForwardedError(
                'Following account requests failed',
                error,
              );
            }
          },
        });

        const service = LandingZoneServiceImpl.create({
          store,
          scanner,
          checks,
          guardrails: settings.guardrails,
        });
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            service,
            accountConditions,
            vending: vending.service,
            whatIf: PolicyWhatIf.create({
              store,
              checks,
              regions: settings.regions,
              guardrails: settings.guardrails,
            }),
            alerts,
          }),
        );
      },
    });
  },
});
