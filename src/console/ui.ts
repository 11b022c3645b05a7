import { html } from 'htm/preact';
import type { ComponentChildren, VNode } from 'preact';
import { wallTime } from './format.js';

/** A wall-clock time, its ISO form on hover. */
export const Time = ({ at }: { at: string | undefined }): VNode => html`<time datetime=${at} title=${at}>${wallTime(at)}</time>`;

/** A state or outcome as a coloured label (`failed`, `function-error`, `delivered`, ...). */
export const Badge = ({ value }: { value: string | undefined }): VNode => html`<span class=${`badge badge-${value ?? 'none'}`}>${value ?? '—'}</span>`;

export const ErrorLine = ({ error }: { error: string | undefined }): VNode | null => (error === undefined ? null : html`<p class="error" role="alert">${error}</p>`);

export const Loading = (): VNode => html`<p class="muted">Loading…</p>`;

export const Section = ({ title, children }: { title: string; children?: ComponentChildren }): VNode =>
  html`<section><h2>${title}</h2>${children}</section>`;

/** A link within the console (hash routing). */
export const href = (...segments: string[]): string => `#/${segments.map(encodeURIComponent).join('/')}`;
