import { randomBytes } from 'node:crypto';
import { ZipFile } from 'yazl';

export interface FixtureFile {
  content: string | Buffer;
  /** Unix mode, e.g. 0o755 for a custom runtime's `bootstrap`. */
  mode?: number;
}

/** Builds a deployment package (zip) from file contents, as a user's build would. */
export function zipOf(files: Record<string, string | FixtureFile>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, file] of Object.entries(files)) {
    const { content, mode } = typeof file === 'string' ? { content: file, mode: 0o644 } : file;
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { mode: mode ?? 0o644 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** A function name no other test uses. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** The execution role the tests' functions use; `startEventide` creates it (see `LAMBDA_TRUST_POLICY`). */
export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** A trust policy that lets Lambda assume a role, as the AWS docs write it. */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The smallest Node.js handler: returns its event. */
export const ECHO_HANDLER = 'exports.handler = async (event) => event;\n';

/** A queue policy that lets S3 send a bucket's notifications to the queue, as the S3 docs write it. */
export const s3QueuePolicy = (queueArn: string, bucket: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'example-statement-ID',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'SQS:SendMessage',
        Resource: queueArn,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${bucket}` }, StringEquals: { 'aws:SourceAccount': '000000000000' } },
      },
    ],
  });
