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
  /** adopt() calls whose thing is still starting: closeAll waits for them too. */
  private readonly starting = new Set<Promise<unknown>>();
  /** Things that came up after closing began, closing themselves now (for killAll). */
  private readonly closingLate = new Set<Closer>();
  private closing: Promise<void> | undefined;
  private report: ((name: string, error: unknown) => void) | undefined;

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
  adopt<T>(start: Promise<T>, closer: (value: T) => Closer): Promise<T> {
    const adoption = (async () => {
      const value = await start;
      const entry = closer(value);
      if (!this.isClosing) {
        this.push(entry);
        return value;
      }
      this.closingLate.add(entry);
      try {
        await entry.close();
      } catch (error) {
        this.report?.(entry.name, error);
      } finally {
        this.closingLate.delete(entry);
      }
      return value;
    })();
    this.starting.add(adoption);
    const forget = () => void this.starting.delete(adoption);
    adoption.then(forget, forget);
    return adoption;
  }

  /**
   * Closes everything pushed so far, then waits for whatever adopt() is still starting (which
   * closes itself once up), so that when this resolves nothing the run started is left running.
   * A thing whose start never ends holds it up until the second Ctrl-C kills everything.
   */
  closeAll(report: (name: string, error: unknown) => void): Promise<void> {
    this.report ??= report;
    this.closing ??= (async () => {
      await this.closeClosers(report);
      while (this.starting.size > 0) await Promise.allSettled([...this.starting]);
    })();
    return this.closing;
  }

  private async closeClosers(report: (name: string, error: unknown) => void): Promise<void> {
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
  }

  killAll(): void {
    for (const closer of [...this.closers, ...this.closingLate]) closer.kill?.();
  }
}
