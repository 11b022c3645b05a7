import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { AwsChunkedDecoder } from '../../../src/gateway/rest-xml-chunked.js';
import { parseXmlBody, xmlDocumentOf } from '../../../src/gateway/rest-xml-codec.js';
import { bucketOfHost, locate } from '../../../src/gateway/rest-xml-router.js';

describe('rest-xml addressing', () => {
  const hosts: [string | undefined, string | undefined][] = [
    ['127.0.0.1:4566', undefined],
    ['localhost:4566', undefined],
    ['s3.localhost:4566', undefined],
    ['s3.us-east-1.localhost', undefined],
    ['photos.localhost:4566', 'photos'],
    ['photos.s3.localhost:4566', 'photos'],
    ['my.dotted.bucket.s3.us-east-1.localhost', 'my.dotted.bucket'],
    [undefined, undefined],
  ];
  for (const [host, bucket] of hosts) it(`host ${String(host)} names bucket ${String(bucket)}`, () => assert.equal(bucketOfHost(host), bucket));

  const paths: [string | undefined, string, { bucket: string | undefined; key: string | undefined }][] = [
    [undefined, '/', { bucket: undefined, key: undefined }],
    [undefined, '/b', { bucket: 'b', key: undefined }],
    [undefined, '/b/', { bucket: 'b', key: undefined }],
    [undefined, '/b/dir/a%20b%C3%BC.txt', { bucket: 'b', key: 'dir/a bü.txt' }],
    [undefined, '/b/a//c', { bucket: 'b', key: 'a//c' }],
    ['b.localhost', '/', { bucket: 'b', key: undefined }],
    ['b.localhost', '/k%2Bplus', { bucket: 'b', key: 'k+plus' }],
  ];
  for (const [host, path, expected] of paths) {
    it(`${host ?? 'path-style'} ${path}`, () => assert.deepEqual(locate(host === undefined ? {} : { host }, path), expected));
  }
  it('a broken %-escape is InvalidURI', () => assert.throws(() => locate({}, '/b/%E0%A4%A'), { code: 'InvalidURI' }));
});

describe('rest-xml bodies', () => {
  it('renders a namespaced document, escaping text and repeating lists', () => {
    const xml = xmlDocumentOf('R', { A: 'x & <y>', B: [{ C: 1 }, { C: 2 }], D: undefined, E: true }, 'urn:ns');
    assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:ns"><A>x &amp; &lt;y&gt;</A><B><C>1</C></B><B><C>2</C></B><E>true</E></R>');
  });

  it('parses the root content, keeping text exactly and dropping layout whitespace', () => {
    const parsed = parseXmlBody(Buffer.from('<?xml version="1.0"?>\n<Delete xmlns="x">\n  <Object><Key> a &amp; b </Key></Object>\n  <Object><Key>007</Key></Object>\n  <E/>\n</Delete>'));
    assert.deepEqual(parsed, { Object: [{ Key: ' a & b ' }, { Key: '007' }], E: '' });
  });

  it('attributes are `@` members both ways; namespace declarations and attributes of text elements are not read', () => {
    const grantee = { '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', '@xsi:type': 'Group', URI: 'http://acs/a&b' };
    assert.equal(
      xmlDocumentOf('Grant', { Grantee: grantee }),
      '<?xml version="1.0" encoding="UTF-8"?>\n<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs/a&amp;b</URI></Grantee></Grant>',
    );
    const parsed = parseXmlBody(Buffer.from('<Grant xmlns="x"><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI xmlns="">u</URI></Grantee></Grant>'));
    assert.deepEqual(parsed, { Grantee: { '@xsi:type': 'Group', URI: 'u' } });
  });

  it('an empty body is no document; a broken one is MalformedXML', () => {
    assert.equal(parseXmlBody(Buffer.from('  ')), undefined);
    assert.throws(() => parseXmlBody(Buffer.from('<a><b></a>')), { code: 'MalformedXML' });
  });
});

describe('aws-chunked decoding', () => {
  const decode = async (pieces: string[]): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.from(pieces.map((piece) => Buffer.from(piece))).pipe(new AwsChunkedDecoder())) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  };

  it('strips signed chunk framing, across any split of the input', async () => {
    const framed = '5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\n\r\n';
    assert.equal(await decode([framed]), 'hello world');
    assert.equal(await decode(framed.split('')), 'hello world');
  });

  it('ignores trailing checksums after the last chunk', async () => {
    assert.equal(await decode(['3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n']), 'abc');
  });

  it('a body cut short is an error', async () => {
    await assert.rejects(decode(['5\r\nhel']), { code: 'IncompleteBody' });
  });
});
