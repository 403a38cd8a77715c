/**
 * The S3 client for Lambda and the embedded s3rver alike. With `AWS_ENDPOINT_URL_S3` set (the local
 * emulator) requests are path-style and checksums are sent only when required: s3rver stores
 * aws-chunked uploads verbatim otherwise.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export function createS3Client(config: S3ClientConfig = {}): S3Client {
  const local = Boolean(process.env['AWS_ENDPOINT_URL_S3']);
  return new S3Client({
    forcePathStyle: local,
    ...(local
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
    ...config,
  });
}
