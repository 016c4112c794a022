/**
 * Gathers streamed text for a short while and hands it on in one piece: a fast stream then costs
 * the webview one message per frame, not one per token.
 */
export class ChunkBatcher {
  private pending = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (text: string) => void,
    private readonly delayMs = 16,
  ) {}

  add(text: string): void {
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending) this.send(this.pending);
    this.pending = '';
  }
}
