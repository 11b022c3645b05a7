import { randomUUID } from 'node:crypto';
import { readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { functionArn, type AccountScope } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import { preconditionFailed, resourceConflict, resourceNotFound } from '../../lib/errors.js';
import type { FunctionRecord, Store } from '../../store/store.js';
import { extractCodePackage, type CodePackage } from './code-package.js';
import type { ExecutionRoleChecks } from './execution-role.js';
import type { FunctionReference } from './function-name.js';

/** The settings a user chooses for a function; everything else in a FunctionRecord is derived. */
export type FunctionSettings = Pick<
  FunctionRecord,
  | 'runtime'
  | 'role'
  | 'handler'
  | 'description'
  | 'timeout'
  | 'memorySize'
  | 'environment'
  | 'deadLetterTargetArn'
  | 'tracingMode'
  | 'vpcConfig'
  | 'kmsKeyArn'
  | 'sourceKmsKeyArn'
  | 'architectures'
  | 'ephemeralStorageSize'
  | 'logFormat'
  | 'logGroup'
  | 'packageType'
  | 'tags'
>;

export const LATEST = '$LATEST';
const LIST_PAGE = 100;

/** Told when a function's code or configuration changes or it is deleted, so running environments of the old one retire. */
export type FunctionChanged = (name: string, change: 'updated' | 'deleted') => void;

/**
 * The functions of this Eventide: their configuration in the Store (the truth) and a cache in memory, and
 * their code extracted under `<data dir>/code/<name>/<id>`.
 */
export class FunctionRegistry {
  private readonly cache = new Map<string, FunctionRecord>();

  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
    readonly scope: AccountScope,
    private readonly clock: Clock,
    private readonly roles: ExecutionRoleChecks,
    private readonly changed: FunctionChanged,
  ) {}

  arn(name: string, qualifier?: string): string {
    return functionArn(this.scope, name, qualifier);
  }

  codePath(fn: FunctionRecord): string {
    return path.join(this.dataDir, fn.codeDir);
  }

  /** The deployment package as uploaded, kept beside its extracted code for GetFunction's `Code.Location`. */
  codeZipPath(fn: FunctionRecord): string {
    return `${this.codePath(fn)}.zip`;
  }

  async create(name: string, settings: FunctionSettings, zip: Buffer): Promise<FunctionRecord> {
    if ((await this.find(name)) !== undefined) throw this.exists(name);
    await this.checkRole(settings);
    const codeDir = this.newCodeDir(name);
    const code = await this.unpack(zip, codeDir);
    const fn: FunctionRecord = {
      name,
      ...settings,
      codeSha256: code.sha256,
      codeSize: code.size,
      codeDir,
      lastModified: this.clock.wallTime(),
      revisionId: randomUUID(),
      reservedConcurrency: undefined,
    };
    if (!(await this.store.createFunction(fn))) {
      await this.removeCode(codeDir);
      throw this.exists(name);
    }
    this.cache.set(name, fn);
    return fn;
  }

  /** The function a reference names; only `$LATEST` exists until versions are published. */
  async get(ref: FunctionReference): Promise<FunctionRecord> {
    const fn = await this.find(ref.name);
    if (fn === undefined || (ref.qualifier !== undefined && ref.qualifier !== LATEST)) {
      throw resourceNotFound(`Function not found: ${this.arn(ref.name, ref.qualifier)}`);
    }
    return fn;
  }

  async find(name: string): Promise<FunctionRecord | undefined> {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const stored = await this.store.getFunction(name);
    if (stored !== undefined) this.cache.set(name, stored);
    return stored;
  }

  list(after: string | undefined, limit: number): Promise<FunctionRecord[]> {
    return this.store.listFunctions(after, limit);
  }

  /** Every function, in name order, read page by page. */
  async *all(): AsyncGenerator<FunctionRecord> {
    for (let after: string | undefined; ; ) {
      const page = await this.store.listFunctions(after, LIST_PAGE);
      yield* page;
      if (page.length < LIST_PAGE) return;
      after = page[page.length - 1]?.name;
    }
  }

  /** What the account's functions add up to (GetAccountSettings' AccountUsage). */
  async usage(): Promise<{ functionCount: number; totalCodeSize: number }> {
    let functionCount = 0;
    let totalCodeSize = 0;
    for await (const fn of this.all()) {
      functionCount++;
      totalCodeSize += fn.codeSize;
    }
    return { functionCount, totalCodeSize };
  }

  /** Sets or clears (undefined) the reserved concurrency; as on AWS, RevisionId and LastModified stay as they are. */
  async setReservedConcurrency(name: string, reserved: number | undefined): Promise<FunctionRecord> {
    const updated = await this.store.setFunctionConcurrency(name, reserved);
    if (updated === undefined) {
      this.cache.delete(name);
      throw resourceNotFound(`Function not found: ${this.arn(name)}`);
    }
    this.cache.set(name, updated);
    return updated;
  }

  /** New code, with the settings that come with it (the architecture it is built for, the key of its package). */
  async updateCode(
    ref: FunctionReference,
    zip: Buffer,
    settings: Partial<Pick<FunctionSettings, 'architectures' | 'sourceKmsKeyArn'>>,
    revisionId: string | undefined,
  ): Promise<FunctionRecord> {
    const current = await this.get(ref);
    checkRevision(current, revisionId);
    const codeDir = this.newCodeDir(current.name);
    const code = await this.unpack(zip, codeDir);
    const next = { ...current, ...settings, codeSha256: code.sha256, codeSize: code.size, codeDir };
    try {
      return await this.replace(current, next);
    } catch (error) {
      await this.removeCode(codeDir);
      throw error;
    }
  }

  /**
   * Changes a function's tags. As on AWS, its RevisionId changes and its LastModified does not; running
   * environments keep running, since tags are nothing they see.
   */
  async retag(name: string, change: (tags: Record<string, string>) => Record<string, string>): Promise<FunctionRecord> {
    const current = await this.get({ name, qualifier: undefined });
    const updated = { ...current, tags: change(current.tags), revisionId: randomUUID() };
    if (!(await this.store.updateFunction(updated, current.revisionId))) {
      this.cache.delete(name);
      throw this.updateInProgress(name);
    }
    this.cache.set(name, updated);
    return updated;
  }

  async updateConfiguration(ref: FunctionReference, patch: Partial<FunctionSettings>, revisionId: string | undefined): Promise<FunctionRecord> {
    const current = await this.get(ref);
    checkRevision(current, revisionId);
    const next = { ...current, ...patch };
    if (patch.role !== undefined || patch.deadLetterTargetArn !== undefined) await this.checkRole(next);
    return this.replace(current, next);
  }

  /** Lambda must be able to assume the role, and the role must allow delivering to the dead-letter target. */
  private async checkRole(settings: Pick<FunctionSettings, 'role' | 'deadLetterTargetArn'>): Promise<void> {
    await this.roles.assertAssumable(settings.role);
    if (settings.deadLetterTargetArn !== undefined) await this.roles.assertMayDeliverTo(settings.role, settings.deadLetterTargetArn);
  }

  async delete(ref: FunctionReference): Promise<void> {
    const fn = await this.get(ref);
    await this.store.deleteFunction(fn.name);
    await this.store.deleteEventInvokeConfigsOf(fn.name);
    this.cache.delete(fn.name);
    this.changed(fn.name, 'deleted');
    this.removeCodeLater(fn);
  }

  /** The folder all functions' code is extracted into, one folder per function. */
  get codeRoot(): string {
    return path.join(this.dataDir, 'code');
  }

  /** Removes extracted code that no stored function points at (left by a crash or by earlier updates). */
  async removeUnusedCode(): Promise<void> {
    const root = this.codeRoot;
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    for (const name of entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)) {
      const fn = await this.find(name);
      const dirs = await readdir(path.join(root, name)).catch(() => [] as string[]);
      for (const entry of dirs) {
        const codeDir = path.join('code', name, entry.replace(/\.zip$/, ''));
        if (fn?.codeDir !== codeDir) await this.removeCode(codeDir);
      }
    }
  }

  private async replace(current: FunctionRecord, next: FunctionRecord): Promise<FunctionRecord> {
    // The store keeps the stored reservation; the cache follows it, in case it changed since `current` was read.
    const { reservedConcurrency } = this.cache.get(current.name) ?? current;
    const updated = { ...next, reservedConcurrency, lastModified: this.clock.wallTime(), revisionId: randomUUID() };
    if (!(await this.store.updateFunction(updated, current.revisionId))) {
      this.cache.delete(current.name);
      throw this.updateInProgress(current.name);
    }
    this.cache.set(updated.name, updated);
    this.changed(updated.name, 'updated');
    if (updated.codeDir !== current.codeDir) this.removeCodeLater(current);
    return updated;
  }

  private async unpack(zip: Buffer, codeDir: string): Promise<CodePackage> {
    const target = path.join(this.dataDir, codeDir);
    try {
      const code = await extractCodePackage(zip, target);
      await writeFile(`${target}.zip`, zip);
      return code;
    } catch (error) {
      await this.removeCode(codeDir);
      // The function's own folder goes too when nothing else is in it (a refused first upload).
      await rmdir(path.dirname(target)).catch(() => undefined);
      throw error;
    }
  }

  private updateInProgress(name: string) {
    return resourceConflict(`The operation cannot be performed at this time. An update is in progress for resource: ${this.arn(name)}`);
  }

  private exists(name: string) {
    return resourceConflict(`Function already exist: ${name}`);
  }

  private newCodeDir(name: string): string {
    return path.join('code', name, randomUUID());
  }

  /** Old code stays until invocations still running on it are over: they end within the function's timeout. */
  private removeCodeLater(fn: FunctionRecord): void {
    setTimeout(() => void this.removeCode(fn.codeDir), (fn.timeout + 5) * 1000).unref();
  }

  private async removeCode(codeDir: string): Promise<void> {
    const target = path.join(this.dataDir, codeDir);
    await rm(target, { recursive: true, force: true });
    await rm(`${target}.zip`, { force: true });
  }
}

function checkRevision(fn: FunctionRecord, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== fn.revisionId) {
    throw preconditionFailed(
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
  }
}
