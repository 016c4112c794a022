// One streamed reply on screen. Text is appended to the DOM as it arrives (a plain tail after the
// last rendering), and markdown catches up at a pace that stays cheap for long replies: a render
// never takes more than a quarter of the time between renders. Screen readers hear the reply
// through a polite live region, a sentence at a time, not the whole text on every render.
import { renderMarkdown } from './markdown';
import { h } from './dom';

const MIN_RENDER_GAP_MS = 50;
const ANNOUNCE_MS = 1_000;

export class ReplyView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly rendered: HTMLElement;
  private readonly tail: Text;
  private readonly status: HTMLElement;
  private text = '';
  private renderedLength = 0;
  private lastRenderAt = 0;
  private renderCost = 0;
  private renderTimer: ReturnType<typeof setTimeout> | undefined;
  private unannounced = '';
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Characters that reached the DOM and when the first and last did (the bench reads them). */
  readonly metrics = { chars: 0, chunks: 0, firstAt: 0, lastAt: 0 };

  constructor(
    private readonly announcer: HTMLElement,
    private readonly markdown: boolean,
    label: string,
  ) {
    this.rendered = h('div', { class: 'markdown' });
    this.tail = document.createTextNode('');
    this.body = h('div', { class: markdown ? 'reply-body' : 'reply-body plain' }, this.rendered, h('span', { class: 'tail' }, this.tail));
    this.status = h('div', { class: 'reply-status', role: 'status' });
    this.element = h('section', { class: 'reply', 'aria-label': label, tabindex: 0 }, this.body, this.status);
  }

  get value(): string {
    return this.text;
  }

  append(piece: string): void {
    const now = performance.now();
    this.metrics.firstAt ||= now;
    this.metrics.lastAt = now;
    this.metrics.chars += piece.length;
    this.metrics.chunks++;
    this.text += piece;
    this.tail.appendData(piece);
    this.element.dataset.chars = String(this.metrics.chars);
    this.scheduleRender();
    this.announce(piece);
  }

  /** Replaces the whole text (history, restored state). */
  set(text: string): void {
    this.text = text;
    this.renderNow();
  }

  setStatus(text: string, kind: 'info' | 'error' | 'done' = 'info'): void {
    this.status.textContent = text;
    this.status.className = `reply-status ${kind}`;
  }

  statusElement(): HTMLElement {
    return this.status;
  }

  finish(summary: string): void {
    clearTimeout(this.renderTimer);
    this.renderNow();
    this.flushAnnouncement();
    // When the text arrived and when it was all on screen, rendered (npm run bench reads these).
    Object.assign(this.element.dataset, { firstAt: String(this.metrics.firstAt), lastAt: String(this.metrics.lastAt), renderedAt: String(performance.now()) });
    this.element.dataset.done = 'true';
    this.say(summary);
  }

  private scheduleRender(): void {
    if (this.renderTimer) return;
    const gap = Math.max(MIN_RENDER_GAP_MS, this.renderCost * 4);
    const wait = Math.max(0, this.lastRenderAt + gap - performance.now());
    this.renderTimer = setTimeout(() => this.renderNow(), wait);
  }

  private renderNow(): void {
    this.renderTimer = undefined;
    const started = performance.now();
    if (this.markdown) {
      this.rendered.innerHTML = renderMarkdown(this.text);
    } else {
      this.rendered.textContent = this.text;
    }
    this.tail.data = '';
    this.renderedLength = this.text.length;
    this.lastRenderAt = performance.now();
    this.renderCost = this.lastRenderAt - started;
    this.element.dataset.rendered = String(this.renderedLength);
  }

  private announce(piece: string): void {
    this.unannounced += piece;
    // A finished sentence is read at once; otherwise at most one announcement a second.
    if (/[.!?:\n]\s*$/.test(this.unannounced)) return this.flushAnnouncement();
    this.announceTimer ??= setTimeout(() => this.flushAnnouncement(), ANNOUNCE_MS);
  }

  private flushAnnouncement(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    if (this.unannounced.trim()) this.say(this.unannounced);
    this.unannounced = '';
  }

  private say(text: string): void {
    this.announcer.append(h('p', {}, text));
    // Keep the live region small: old lines were read already.
    while (this.announcer.childElementCount > 20) this.announcer.firstElementChild?.remove();
  }
}
