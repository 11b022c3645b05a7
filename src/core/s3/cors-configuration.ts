import { serviceError } from '../../lib/errors.js';
import { malformedXml } from './s3-errors.js';

/** One CORS rule of a bucket, as PutBucketCors gives it and GetBucketCors returns it. */
export interface CorsRule {
  id: string | undefined;
  allowedMethods: string[];
  allowedOrigins: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number | undefined;
}

const METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];
/** S3 takes at most 100 rules in one configuration. */
const MAX_RULES = 100;

const invalidRequest = (message: string) => serviceError('InvalidRequest', 400, message);

const wildcards = (text: string): number => text.split('*').length - 1;

/** The rules when S3 would store them; S3's MalformedXML or InvalidRequest otherwise. */
export function validateCorsRules(rules: CorsRule[]): CorsRule[] {
  if (rules.length === 0 || rules.length > MAX_RULES) throw malformedXml();
  for (const rule of rules) {
    if (rule.allowedMethods.length === 0 || rule.allowedOrigins.length === 0) throw malformedXml();
    const method = rule.allowedMethods.find((name) => !METHODS.includes(name));
    if (method !== undefined) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
    const origin = rule.allowedOrigins.find((name) => wildcards(name) > 1);
    if (origin !== undefined) throw invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
    const header = rule.allowedHeaders.find((name) => wildcards(name) > 1);
    if (header !== undefined) throw invalidRequest(`AllowedHeader "${header}" can not have more than one wildcard.`);
  }
  return rules;
}
