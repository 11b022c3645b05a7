import type { BucketConfigurations } from '../../core/s3/bucket-configurations.js';
import type { Buckets } from '../../core/s3/buckets.js';
import type { CorsRule } from '../../core/s3/cors-configuration.js';
import { malformedXml } from '../../core/s3/s3-errors.js';
import type { RestXmlResponse, RestXmlRoute, XmlObject, XmlValue } from '../service.js';
import { bucketOf, elements, objectsOf, textOf } from './s3-shapes.js';

/** Every occurrence of a repeated text element; anything but text is MalformedXML. */
function texts(value: XmlValue | undefined): string[] {
  return elements(value).map((item) => {
    const text = textOf(item);
    if (text === undefined) throw malformedXml();
    return text;
  });
}

function ruleOf(rule: XmlObject): CorsRule {
  const maxAge = textOf(rule.MaxAgeSeconds);
  if (maxAge !== undefined && !/^-?\d+$/.test(maxAge)) throw malformedXml();
  return {
    id: textOf(rule.ID),
    allowedMethods: texts(rule.AllowedMethod),
    allowedOrigins: texts(rule.AllowedOrigin),
    allowedHeaders: texts(rule.AllowedHeader),
    exposeHeaders: texts(rule.ExposeHeader),
    maxAgeSeconds: maxAge === undefined ? undefined : Number(maxAge),
  };
}

function corsXml(rules: CorsRule[]): XmlObject {
  return {
    CORSRule: rules.map((rule) => ({
      ID: rule.id,
      AllowedHeader: rule.allowedHeaders,
      AllowedMethod: rule.allowedMethods,
      AllowedOrigin: rule.allowedOrigins,
      ExposeHeader: rule.exposeHeaders,
      MaxAgeSeconds: rule.maxAgeSeconds,
    })),
  };
}

/** PutBucketCors, GetBucketCors and DeleteBucketCors: the rules stored and returned (preflight requests are not answered). */
export function corsRoutes(configurations: BucketConfigurations, buckets: Buckets): RestXmlRoute[] {
  return [
    {
      operation: 'PutBucketCors',
      method: 'PUT',
      target: 'bucket',
      query: 'cors',
      input: 'xml',
      root: 'CORSConfiguration',
      async handle(request): Promise<RestXmlResponse> {
        await buckets.require(bucketOf(request));
        await configurations.putCors(bucketOf(request), objectsOf(request.xml?.CORSRule).map(ruleOf));
        return { status: 200 };
      },
    },
    {
      operation: 'GetBucketCors',
      method: 'GET',
      target: 'bucket',
      query: 'cors',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        return { status: 200, xml: { root: 'CORSConfiguration', content: corsXml(await configurations.getCors(bucketOf(request))) } };
      },
    },
    {
      operation: 'DeleteBucketCors',
      method: 'DELETE',
      target: 'bucket',
      query: 'cors',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        await configurations.delete(bucketOf(request), 'cors');
        return { status: 204 };
      },
    },
  ];
}
