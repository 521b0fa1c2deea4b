import { ShutdownStack } from '@lenet-lab/cli/ablation/shutdown-stack';

describe('ShutdownStack', () => {
  it('closes in the reverse order of start, and a failure does not stop the rest', async () => {
    const closed: string[] = [];
    const failures: string[] = [];
    const stack = new ShutdownStack();
    stack.push({ name: 'database', close: async () => void closed.push('database') });
    stack.push({
      name: 'API',
      close: async () => {
        throw new Error('stuck');
      },
    });
    stack.push({ name: 'workers', close: async () => void closed.push('workers') });
    await stack.closeAll((name, error) => failures.push(`${name}: ${(error as Error).message}`));
    expect(closed).toEqual(['workers', 'database']);
    expect(failures).toEqual(['API: stuck']);
  });

  it('closes at once what finishes starting after the shutdown began', async () => {
    const stack = new ShutdownStack();
    let release!: (value: string) => void;
    const starting = new Promise<string>((resolve) => (release = resolve));
    const closed: string[] = [];
    const adopted = stack.adopt(starting, (value) => ({
      name: value,
      close: async () => void closed.push(value),
    }));
    const closing = stack.closeAll(() => undefined);
    release('late server');
    await adopted;
    await closing;
    expect(closed).toEqual(['late server']);
  });

  it('resolves closeAll only once what was still starting is up and closed', async () => {
    const stack = new ShutdownStack();
    const events: string[] = [];
    stack.push({ name: 'database', close: async () => void events.push('database closed') });
    let release!: () => void;
    const starting = new Promise<void>((resolve) => (release = resolve));
    const adopted = stack.adopt(starting, () => ({
      name: 'workers',
      close: async () => void events.push('workers closed'),
    }));
    const closing = stack.closeAll(() => undefined).then(() => events.push('all closed'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(['database closed']);
    release();
    await Promise.all([adopted, closing]);
    expect(events).toEqual(['database closed', 'workers closed', 'all closed']);
  });

  it('reports a late close that fails, and still resolves', async () => {
    const stack = new ShutdownStack();
    const failures: string[] = [];
    let release!: () => void;
    const starting = new Promise<void>((resolve) => (release = resolve));
    const adopted = stack.adopt(starting, () => ({
      name: 'API',
      close: async () => {
        throw new Error('port still busy');
      },
    }));
    const closing = stack.closeAll((name, error) =>
      failures.push(`${name}: ${(error as Error).message}`),
    );
    release();
    await Promise.all([adopted, closing]);
    expect(failures).toEqual(['API: port still busy']);
  });

  it('resolves closeAll when a start fails instead of coming up', async () => {
    const stack = new ShutdownStack();
    const adopted = stack.adopt(Promise.reject(new Error('no port')), () => ({
      name: 'API',
      close: async () => undefined,
    }));
    await expect(stack.closeAll(() => undefined)).resolves.toBeUndefined();
    await expect(adopted).rejects.toThrow('no port');
  });

  it('kills what came up late and is closing itself now', async () => {
    const stack = new ShutdownStack();
    const killed: string[] = [];
    const adopted = stack.adopt(Promise.resolve('pool'), () => ({
      name: 'workers',
      close: () => new Promise<void>(() => undefined),
      kill: () => killed.push('workers'),
    }));
    void stack.closeAll(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    stack.killAll();
    expect(killed).toEqual(['workers']);
    void adopted;
  });

  it('kills what is still open, including the one closing now', async () => {
    const stack = new ShutdownStack();
    const killed: string[] = [];
    stack.push({ name: 'db', close: async () => undefined, kill: () => killed.push('db') });
    stack.push({
      name: 'workers',
      close: () => new Promise(() => undefined),
      kill: () => killed.push('workers'),
    });
    void stack.closeAll(() => undefined);
    stack.killAll();
    expect(killed).toEqual(['db', 'workers']);
  });
});
