import type { ServiceDefinition } from '../types';
import { accessAnalyzerService } from './accessanalyzer';
import { autoScalingService } from './autoscaling';
import { cloudFrontService } from './cloudfront';
import { elastiCacheService } from './elasticache';
import { elbv2Service } from './elbv2';
import { kmsService } from './kms';
import { macie2Service } from './macie2';
import { rdsService } from './rds';
import { s3Service } from './s3';
import { wafv2Service } from './wafv2';
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
  // Issue 13.
  elbv2Service,
  wafv2Service,
  cloudFrontService,
  rdsService,
  elastiCacheService,
  s3Service,
  autoScalingService,
  macie2Service,
  kmsService,
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
