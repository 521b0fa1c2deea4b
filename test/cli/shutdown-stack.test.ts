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
    await stack.closeAll(() => undefined);
    release('late server');
    await adopted;
    expect(closed).toEqual(['late server']);
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
