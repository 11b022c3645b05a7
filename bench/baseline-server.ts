import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The baseline: a bare node:http server that reads the request body and answers the same JSON a no-op
 * function returns, or an empty 202 as an accepted asynchronous invoke (`--accepted`). It prints its URL on
 * the first line of stdout.
 */
const RESPONSE = Buffer.from('{}');
const accepted = process.argv.includes('--accepted');
const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    if (accepted) {
      res.writeHead(202, { 'Content-Length': 0 });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': RESPONSE.length });
    res.end(RESPONSE);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
