import type { ServiceDefinition } from '../types';
import { accessAnalyzerService } from './accessanalyzer';
import { cloudTrailService } from './cloudtrail';
import { configService } from './config';
import { ec2Service } from './ec2';
import { guardDutyService } from './guardduty';
import { iamService } from './iam';
import { organizationsService } from './organizations';
import { s3ControlService } from './s3control';
import { securityHubService } from './securityhub';
import { stsService } from './sts';

/** Every AWS service the sandbox speaks. */
export const awsServices: ServiceDefinition[] = [
  organizationsService,
  stsService,
  ec2Service,
  iamService,
  guardDutyService,
  cloudTrailService,
  configService,
  securityHubService,
  accessAnalyzerService,
  s3ControlService,
];

/** Each service's name (as in counters and fault keys) and its operation names. */
export const serviceOperations: ReadonlyMap<
  string,
  ReadonlySet<string>
> = new Map(
  awsServices.map(service => [
    service.name,
    new Set(
      'routes' in service
        ? service.routes.map(route => route.operation)
        : Object.keys(service.operations),
    ),
  ]),
);
