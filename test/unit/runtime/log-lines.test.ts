import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { endLine, LineSplitter, reportLine, startLine, timeoutSeconds } from '../../../src/runtime/log-lines.js';

const ID = '8f5ac6a4-2d1c-4b8e-9d5e-1f2a3b4c5d6e';

describe('platform log lines', () => {
  test('START names the request and the version', () => {
    assert.equal(startLine(ID, '$LATEST'), `START RequestId: ${ID} Version: $LATEST\n`);
    assert.equal(startLine(ID, '3'), `START RequestId: ${ID} Version: 3\n`);
  });

  test('END names the request', () => {
    assert.equal(endLine(ID), `END RequestId: ${ID}\n`);
  });

  const reports: { label: string; figures: Parameters<typeof reportLine>[1]; expected: string }[] = [
    {
      label: 'without Init Duration',
      figures: { durationMs: 12.345, memorySize: 128, maxMemoryUsedMb: 41, initDurationMs: undefined },
      expected: `REPORT RequestId: ${ID}\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\t\n`,
    },
    {
      label: 'with Init Duration, after Max Memory Used',
      figures: { durationMs: 2.5, memorySize: 1024, maxMemoryUsedMb: 77, initDurationMs: 150.456 },
      expected: `REPORT RequestId: ${ID}\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 1024 MB\tMax Memory Used: 77 MB\tInit Duration: 150.46 ms\t\n`,
    },
    {
      label: 'a whole number of milliseconds bills exactly that',
      figures: { durationMs: 100, memorySize: 128, maxMemoryUsedMb: 30, initDurationMs: undefined },
      expected: `REPORT RequestId: ${ID}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\t\n`,
    },
    {
      label: 'a sliver over a millisecond bills the next one',
      figures: { durationMs: 100.001, memorySize: 128, maxMemoryUsedMb: 30, initDurationMs: undefined },
      expected: `REPORT RequestId: ${ID}\tDuration: 100.00 ms\tBilled Duration: 101 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\t\n`,
    },
    {
      label: 'under a millisecond bills one',
      figures: { durationMs: 0.2, memorySize: 128, maxMemoryUsedMb: 30, initDurationMs: 0 },
      expected: `REPORT RequestId: ${ID}\tDuration: 0.20 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\tInit Duration: 0.00 ms\t\n`,
    },
  ];
  for (const row of reports) {
    test(`REPORT ${row.label}`, () => {
      assert.equal(reportLine(ID, row.figures), row.expected);
    });
  }

  test('REPORT fields are tab-separated and the line ends with a tab and a newline', () => {
    const line = reportLine(ID, { durationMs: 1.5, memorySize: 256, maxMemoryUsedMb: 50, initDurationMs: 10 });
    assert.ok(line.endsWith('\t\n'));
    assert.deepEqual(line.slice(0, -2).split('\t'), [
      `REPORT RequestId: ${ID}`,
      'Duration: 1.50 ms',
      'Billed Duration: 2 ms',
      'Memory Size: 256 MB',
      'Max Memory Used: 50 MB',
      'Init Duration: 10.00 ms',
    ]);
  });

  test('timeoutSeconds prints two decimals, as in "Task timed out after 3.00 seconds"', () => {
    assert.equal(timeoutSeconds(3), '3.00');
    assert.equal(timeoutSeconds(900), '900.00');
    assert.equal(timeoutSeconds(1), '1.00');
  });
});

describe('LineSplitter', () => {
  const collect = () => {
    const lines: string[] = [];
    return { lines, splitter: new LineSplitter((line) => lines.push(line)) };
  };

  test('emits each line with its newline as soon as the newline arrives', () => {
    const { lines, splitter } = collect();
    splitter.push('one\ntwo\n');
    assert.deepEqual(lines, ['one\n', 'two\n']);
    splitter.push('three');
    assert.deepEqual(lines, ['one\n', 'two\n'], 'a line without its newline waits');
    splitter.push('\n');
    assert.deepEqual(lines, ['one\n', 'two\n', 'three\n']);
  });

  test('joins a line split across chunks', () => {
    const { lines, splitter } = collect();
    for (const chunk of ['pro', 'cess', 'ing {"a":', '1}\nsec', 'ond\n']) splitter.push(chunk);
    assert.deepEqual(lines, ['processing {"a":1}\n', 'second\n']);
  });

  test('keeps empty lines and carriage returns', () => {
    const { lines, splitter } = collect();
    splitter.push('\n\nwin\r\n');
    assert.deepEqual(lines, ['\n', '\n', 'win\r\n']);
  });

  test('flush emits a partial last line with a newline added, once', () => {
    const { lines, splitter } = collect();
    splitter.push('done\nno newline at the end');
    splitter.flush();
    assert.deepEqual(lines, ['done\n', 'no newline at the end\n']);
    splitter.flush();
    assert.deepEqual(lines, ['done\n', 'no newline at the end\n']);
  });

  test('flush with nothing pending emits nothing, and the splitter keeps working after it', () => {
    const { lines, splitter } = collect();
    splitter.push('whole\n');
    splitter.flush();
    assert.deepEqual(lines, ['whole\n']);
    splitter.push('next\n');
    assert.deepEqual(lines, ['whole\n', 'next\n']);
  });
});
