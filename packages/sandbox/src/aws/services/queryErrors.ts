import type { ErrorShape } from '../types';

/**
 * What ELBv2, RDS, ElastiCache and Auto Scaling (awsQuery services without
 * errors of their own for these cases) answer when throttled and on a
 * server-side failure.
 */
export const QUERY_SERVICE_ERRORS: {
  throttling: ErrorShape;
  serverError: ErrorShape;
} = {
  throttling: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  serverError: {
    code: 'InternalFailure',
    status: 500,
    message: 'The request processing has failed because of an unknown error.',
  },
};
