/**
 * The web console (`/_eventide/console/`) in a real Chromium against a real Eventide at 60× (Lambda's retries take
 * seconds): a failing event's timeline with every attempt and its dead letter, then a redrive and its new attempt,
 * pressed in the page. `EVENTIDE_SCREENSHOTS=1` also saves the pages to `docs/console-*.png`.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Page } from 'puppeteer-core';
import { TimelineFixtures } from './event-timeline-support.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { iamClient, lambdaClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';

const SCREENSHOTS = process.env.EVENTIDE_SCREENSHOTS === '1';
const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
/** Generous: the page polls every second or two, and three attempts take about three seconds at 60×. */
const WAIT = { timeout: 30_000 };

describe('console', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let iam: IAMClient;
  let fixtures: TimelineFixtures;
  let chromium: TestBrowser;

  before(async () => {
    eventide = await startEventide({ args: ['--time-scale', '60'] });
    lambda = lambdaClient(eventide.url);
    sqs = sqsClient(eventide.url);
    iam = iamClient(eventide.url);
    fixtures = new TimelineFixtures(lambda, sqs, iam);
    chromium = await launchBrowser();
  });

  after(async () => {
    await chromium.close();
    for (const client of [lambda, sqs, iam]) client.destroy();
    await stopAndClean(eventide);
  });

  /** A page that fails the test on any script error or failed request of the console's own. */
  async function openPage(): Promise<{ page: Page; problems: string[] }> {
    const page = await chromium.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.url().includes('/_eventide/console/') && !response.ok()) problems.push(`${response.status()} for ${response.url()}`);
    });
    return { page, problems };
  }

  const text = (page: Page, selector: string): Promise<string> => page.$eval(selector, (element) => element.textContent ?? '');
  const shoot = async (page: Page, name: string): Promise<void> => {
    if (SCREENSHOTS) await page.screenshot({ path: `${DOCS}console-${name}.png`, fullPage: true });
  };

  test('a failing event: its timeline shows every attempt and the dead letter; Redrive adds a new attempt', async () => {
    const queue = await fixtures.createQueue('console-dlq');
    const role = await fixtures.createRole([queue.arn]);
    const name = await fixtures.createFunction(role.arn, { deadLetterTarget: queue.arn });
    const { page, problems } = await openPage();

    await page.goto(`${eventide.url}/_eventide/console`);
    assert.equal(page.url(), `${eventide.url}/_eventide/console/`);
    await page.waitForSelector(`tr[data-function="${name}"]`, WAIT);

    const requestId = await fixtures.invokeEvent(name, { order: 7 });
    await page.click(`tr[data-function="${name}"] a`);
    await page.waitForSelector(`tr[data-request-id="${requestId}"]`, WAIT);
    // The log tail (FilterLogEvents) shows the function's own lines.
    await page.waitForFunction((id: string) => document.querySelector('pre.log')?.textContent?.includes(`handling ${id}`), WAIT, requestId);
    await page.waitForFunction(
      (id: string) => document.querySelector(`tr[data-request-id="${id}"]`)?.textContent?.includes('RetriesExhausted'),
      WAIT,
      requestId,
    );
    await shoot(page, 'function');

    await page.click(`tr[data-request-id="${requestId}"] a`);
    await page.waitForSelector('li[data-kind="delivery"]', WAIT);
    const kinds = await page.$$eval('ol.timeline li', (items) => items.map((item) => item.getAttribute('data-kind')));
    assert.deepEqual(kinds, ['accepted', 'attempt', 'retry-scheduled', 'attempt', 'retry-scheduled', 'attempt', 'finished', 'delivery']);
    const attempts = await page.$$eval('li[data-kind="attempt"]', (items) => items.map((item) => item.textContent ?? ''));
    attempts.forEach((attempt, index) => {
      assert.match(attempt, new RegExp(`Attempt ${index + 1}`));
      assert.match(attempt, /function-error/);
      assert.match(attempt, /log stream \d{4}\/\d{2}\/\d{2}\/\[\$LATEST\]/);
    });
    const delivery = await text(page, 'li[data-kind="delivery"]');
    assert.match(delivery, /Dead-letter queue/);
    assert.match(delivery, /delivered/);
    assert.ok(delivery.includes(queue.arn), delivery);
    // Wall-clock times, to the millisecond, in the browser's zone.
    assert.match(await text(page, 'li[data-kind="accepted"] time'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    assert.match(await text(page, 'p.summary'), /failed RetriesExhausted · 3 invocations/);
    await shoot(page, 'timeline');

    await page.click('p.summary button.primary');
    await page.waitForSelector('li[data-kind="redrive"]', WAIT);
    assert.match(await text(page, 'p.notice'), /1 event redriven/);
    await page.waitForFunction(() => document.querySelectorAll('li[data-kind="attempt"]').length === 4, WAIT);
    assert.match(await text(page, 'li[data-kind="redrive"]'), /Redriven from failed events/);
    assert.match(await page.$$eval('li[data-kind="attempt"]', (items) => items[3]?.textContent ?? ''), /Attempt 4/);

    await page.goto(`${eventide.url}/_eventide/console/`);
    await page.waitForSelector(`tr[data-function="${name}"] td.recent .badge`, WAIT);

    await page.goto(`${eventide.url}/_eventide/console/#/resources`);
    await page.waitForSelector(`tr[data-queue="${queue.url}"]`, WAIT);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the fault switches set and clear the fault injection of a function; a refused value is shown', async () => {
    const role = await fixtures.createRole([]);
    const name = await fixtures.createFunction(role.arn);
    const faultsOf = async () => (await fetch(`${eventide.url}/_eventide/functions/${name}/faults`)).json();
    const { page, problems } = await openPage();
    await page.goto(`${eventide.url}/_eventide/console/#/functions/${name}`);
    await page.waitForSelector('form.faults input[name="throttleOnAttempts"]', WAIT);

    await page.type('form.faults input[name="throttleOnAttempts"]', '1, 2');
    await page.type('form.faults input[name="addedLatencyMs"]', '250');
    await page.click('form.faults button[type="submit"]');
    await page.waitForFunction(() => document.body.textContent?.includes('Fault injection (on)'), WAIT);
    assert.deepEqual(await faultsOf(), { throttleOnAttempts: [1, 2], addedLatencyMs: 250 });

    // A value Eventide refuses is shown, and changes nothing.
    await page.$eval('form.faults input[name="duplicateDelivery"]', (input) => ((input as HTMLInputElement).value = ''));
    await page.type('form.faults input[name="duplicateDelivery"]', '7');
    await page.click('form.faults button[type="submit"]');
    await page.waitForSelector('section .error', WAIT);
    assert.deepEqual(await faultsOf(), { throttleOnAttempts: [1, 2], addedLatencyMs: 250 });

    await page.click('form.faults button[type="button"]');
    await page.waitForFunction(() => document.body.textContent?.includes('Fault injection (off)'), WAIT);
    assert.deepEqual(await faultsOf(), {});
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the console serves only its own files, with their types; the bare path redirects to the slash form', async () => {
    const base = `${eventide.url}/_eventide/console`;
    const bare = await fetch(base, { redirect: 'manual' });
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/_eventide/console/');
    const types: [string, string][] = [
      ['/', 'text/html; charset=utf-8'],
      ['/main.js', 'text/javascript; charset=utf-8'],
      ['/console.css', 'text/css; charset=utf-8'],
      ['/vendor/preact.js', 'text/javascript; charset=utf-8'],
      ['/vendor/htm-preact.js', 'text/javascript; charset=utf-8'],
    ];
    for (const [file, type] of types) {
      const response = await fetch(`${base}${file}`);
      assert.equal(response.status, 200, file);
      assert.equal(response.headers.get('content-type'), type, file);
    }
    for (const file of ['/tsconfig.json', '/..%2F..%2Fpackage.json', '/vendor/..%2Fmain.js', '/vendor/preact.module.js.map', '/missing.js']) {
      const response = await fetch(`${base}${file}`);
      assert.equal(response.status, 404, file);
      assert.equal(response.headers.get('x-amzn-errortype'), 'ResourceNotFoundException', file);
    }
  });
});
