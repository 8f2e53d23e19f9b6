import type { Account } from '../../org/types';
import { callerAccount } from '../context';
import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { RestService } from '../types';
import { el, list, node } from '../xml';
import { S3_ERRORS } from './s3control';

const NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

// max-buckets 1–10000; a continuation token from elsewhere is an InvalidArgument.
const PAGING: PageRules = {
  min: 1,
  max: 10000,
  invalidToken: () =>
    new AwsError(
      'InvalidArgument',
      'The continuation token provided is incorrect',
    ),
  invalidSize: message => new AwsError('InvalidArgument', message),
};

function xml(root: string, body: string): { body: string } {
  return {
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NAMESPACE}">${body}</${root}>`,
  };
}

function ownerOf(
  ctx: Parameters<typeof callerAccount>[0],
  bucket: string,
): Account | undefined {
  return ctx.index.organization.accounts.find(a =>
    a.buckets.some(b => b.name === bucket),
  );
}

/**
 * Amazon S3's bucket-level reads: restXml, signed as "s3" like S3 Control
 * (which the dispatcher tells apart by its /v20180820 path). Path-style
 * addressing (`/<bucket>?encryption`), as clients with forcePathStyle send.
 */
export const s3Service: RestService = {
  name: 's3',
  protocol: 'restXml',
  signingNames: ['s3'],
  // None: signed requests reach it by signing name; unsigned ones are S3 Control's or nobody's.
  pathPrefixes: [],
  errorMessageKey: 'Message',
  xmlNamespace: NAMESPACE,
  ...S3_ERRORS,
  routes: [
    {
      method: 'GET',
      path: '',
      operation: 'ListBuckets',
      handler: (ctx, request) => {
        const account = callerAccount(ctx);
        const prefix = request.query.get('prefix') ?? '';
        const region = request.query.get('bucket-region');
        const buckets = account.buckets.filter(
          b => b.name.startsWith(prefix) && (!region || b.region === region),
        );
        const max = request.query.get('max-buckets');
        const result = page(
          buckets,
          {
            scope: `s3|ListBuckets|${account.id}|${prefix}|${region ?? ''}`,
            token: request.query.get('continuation-token') ?? undefined,
            size: max === null ? undefined : Number(max),
            // S3 answers everything without max-buckets (up to the 10,000
            // bucket quota); the sandbox pages as every other listing does.
            defaultSize: ctx.faults.pageSize,
          },
          PAGING,
        );
        return xml(
          'ListAllMyBucketsResult',
          node(
            'Owner',
            el('ID', account.id.padEnd(64, '0')) +
              el('DisplayName', account.name),
          ) +
            list(
              'Buckets',
              'Bucket',
              result.items,
              b =>
                el('Name', b.name) +
                el('CreationDate', b.createdAt) +
                el('BucketRegion', b.region),
            ) +
            el('ContinuationToken', result.nextToken) +
            (prefix ? el('Prefix', prefix) : ''),
        );
      },
    },
    {
      method: 'GET',
      path: '/{Bucket}',
      query: 'encryption',
      operation: 'GetBucketEncryption',
      handler: (ctx, request) => {
        const name = request.params.Bucket;
        const account = callerAccount(ctx);
        const bucket = account.buckets.find(b => b.name === name);
        if (!bucket) {
          // Another account's bucket is forbidden; a name nobody has does not exist.
          if (ownerOf(ctx, name)) {
            throw new AwsError('AccessDenied', 'Access Denied', 403);
          }
          throw new AwsError(
            'NoSuchBucket',
            'The specified bucket does not exist',
            404,
            { BucketName: name },
          );
        }
        const sse = bucket.encryption;
        if (!sse) {
          throw new AwsError(
            'ServerSideEncryptionConfigurationNotFoundError',
            'The server side encryption configuration was not found',
            404,
            { BucketName: name },
          );
        }
        return xml(
          'ServerSideEncryptionConfiguration',
          node(
            'Rule',
            node(
              'ApplyServerSideEncryptionByDefault',
              el('SSEAlgorithm', sse.sseAlgorithm) +
                el('KMSMasterKeyID', sse.kmsMasterKeyId),
            ) + el('BucketKeyEnabled', sse.bucketKeyEnabled),
          ),
        );
      },
    },
  ],
};
