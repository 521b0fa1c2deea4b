export interface Closer {
  name: string;
  close: () => Promise<void>;
  /** For the second Ctrl-C: end it now, without waiting. */
  kill?: () => void;
}

/**
 * What a run has started, closed in reverse order (workers before the API before the
 * databases they use). A closer that fails is reported and the rest still run.
 */
export class ShutdownStack {
  private readonly closers: Closer[] = [];
  private closing: Promise<void> | undefined;

  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  push(closer: Closer): void {
    this.closers.push(closer);
  }

  /**
   * Adds what `start` returns once it is up. If the stack started closing meanwhile, the thing
   * is closed at once instead of being left running.
   */
  async adopt<T>(start: Promise<T>, closer: (value: T) => Closer): Promise<T> {
    const value = await start;
    const entry = closer(value);
    if (this.isClosing) await entry.close();
    else this.push(entry);
    return value;
  }

  closeAll(report: (name: string, error: unknown) => void): Promise<void> {
    this.closing ??= (async () => {
      while (this.closers.length > 0) {
        // Popped only once closed, so that killAll() still reaches the one closing now.
        const closer = this.closers[this.closers.length - 1];
        try {
          await closer.close();
        } catch (error) {
          report(closer.name, error);
        }
        this.closers.pop();
      }
    })();
    return this.closing;
  }

  killAll(): void {
    for (const closer of this.closers) closer.kill?.();
  }
}
