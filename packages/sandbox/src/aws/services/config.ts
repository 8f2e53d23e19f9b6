import { AwsError } from '../errors';
import type { JsonRpcService, OperationContext } from '../types';

function recorders(ctx: OperationContext, input: Record<string, unknown>) {
  const recorder = ctx.index.region(
    ctx.caller.accountId,
    ctx.region,
  ).configRecorder;
  const names = Array.isArray(input.ConfigurationRecorderNames)
    ? (input.ConfigurationRecorderNames as string[])
    : [];
  for (const name of names) {
    if (recorder?.name !== name) {
      throw new AwsError(
        'NoSuchConfigurationRecorderException',
        `Cannot find configuration recorder with the specified name '${name}'.`,
      );
    }
  }
  return recorder ? [recorder] : [];
}

/** AWS Config: awsJson1_1 ("StarlingDoveService"), regional. */
export const configService: JsonRpcService = {
  name: 'config',
  protocol: 'awsJson1_1',
  signingNames: ['config'],
  targetPrefixes: ['StarlingDoveService'],
  errorMessageKey: 'message',
  throttling: {
    code: 'ThrottlingException',
    status: 400,
    message: 'Rate exceeded',
  },
  serverError: {
    code: 'InternalFailure',
    status: 500,
    message: 'An internal error occurred.',
  },
  operations: {
    DescribeConfigurationRecorders: (ctx, input) => ({
      ConfigurationRecorders: recorders(ctx, input).map(r => ({
        arn: `arn:aws:config:${ctx.region}:${ctx.caller.accountId}:configuration-recorder/${r.name}/${ctx.caller.accountId}`,
        name: r.name,
        roleARN: `arn:aws:iam::${ctx.caller.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: ctx.region === 'us-east-1',
          resourceTypes: [],
          exclusionByResourceTypes: { resourceTypes: [] },
          recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
        },
        recordingMode: {
          recordingFrequency: 'CONTINUOUS',
          recordingModeOverrides: [],
        },
        recordingScope: 'PAID',
      })),
    }),
    DescribeConfigurationRecorderStatus: (ctx, input) => {
      const now = Math.floor(Date.now() / 1000);
      return {
        ConfigurationRecordersStatus: recorders(ctx, input).map(r => ({
          arn: `arn:aws:config:${ctx.region}:${ctx.caller.accountId}:configuration-recorder/${r.name}/${ctx.caller.accountId}`,
          name: r.name,
          recording: r.recording,
          lastStatus: r.recording ? 'SUCCESS' : 'PENDING',
          lastStartTime: Date.parse('2021-01-01T00:00:00Z') / 1000,
          lastStopTime: r.recording
            ? undefined
            : Date.parse('2024-02-01T00:00:00Z') / 1000,
          lastStatusChangeTime: r.recording
            ? now - 600
            : Date.parse('2024-02-01T00:00:00Z') / 1000,
        })),
      };
    },
  },
};
