import {
  AdapterSelectionError,
  chooseAdapter,
  describeAdapter,
  parseAdapterList,
  parseAdapterSelector,
  type ListedAdapter,
} from '@lenet-lab/training';

const H100 = { backend: 'vulkan', name: 'NVIDIA H100 80GB HBM3' };
const SWIFTSHADER = { backend: 'vulkan', name: 'SwiftShader Device (Subzero)' };

describe("reading Dawn's adapter list", () => {
  it('reads every adapter, in order, from the message Dawn rejects an unknown name with', () => {
    const message =
      'no suitable backends found\nAvailable adapters:\n' +
      " * backend: 'vulkan', name: 'NVIDIA H100 80GB HBM3'\n" +
      " * backend: 'vulkan', name: 'SwiftShader Device (Subzero)'";
    expect(parseAdapterList(message)).toEqual([H100, SWIFTSHADER]);
  });

  it('says null for a message without a list, so the caller can report it whole', () => {
    expect(parseAdapterList('unrecognised backend')).toBeNull();
    expect(parseAdapterList('no suitable backends found\nAvailable adapters:')).toEqual([]);
  });

  it('takes digits as an index and anything else as part of a name', () => {
    expect(parseAdapterSelector(' 1 ')).toEqual({ index: 1 });
    expect(parseAdapterSelector('H100')).toEqual({ nameContains: 'H100' });
    expect(parseAdapterSelector('1x')).toEqual({ nameContains: '1x' });
  });
});

describe('choosing an adapter', () => {
  const adapters: ListedAdapter[] = [H100, SWIFTSHADER];

  it('takes the first (Dawn lists high-performance adapters first) unless asked', () => {
    expect(chooseAdapter(adapters, null)).toBe(0);
    expect(chooseAdapter(adapters, { index: 1 })).toBe(1);
    expect(chooseAdapter(adapters, { nameContains: 'Swift' })).toBe(1);
  });

  it('names the adapters there are when the one asked for is not among them', () => {
    expect(() => chooseAdapter(adapters, { index: 2 })).toThrow(
      'there is no adapter 2; adapters: 0: NVIDIA H100 80GB HBM3 (vulkan), 1: SwiftShader Device (Subzero) (vulkan)',
    );
    expect(() => chooseAdapter(adapters, { nameContains: 'A100' })).toThrow(
      /no adapter's name contains "A100"; adapters: 0: NVIDIA H100/,
    );
    expect(() => chooseAdapter([], null)).toThrow(AdapterSelectionError);
  });

  it('refuses the second of two identical GPUs, which Dawn cannot select, and says what to do', () => {
    expect(chooseAdapter([H100, H100], { index: 0 })).toBe(0);
    expect(() => chooseAdapter([H100, H100], { index: 1 })).toThrow(
      /adapter 1 \("NVIDIA H100 80GB HBM3"\) has the same name as adapter 0.*NVIDIA_VISIBLE_DEVICES/,
    );
  });
});

describe('the device an experiment records', () => {
  it('names a GPU by its name and API, then its vendor, architecture and driver', () => {
    const info = { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA: 550.54.15' };
    expect(describeAdapter(H100, info)).toBe(
      'gpu (NVIDIA H100 80GB HBM3, Vulkan; nvidia hopper, NVIDIA: 550.54.15)',
    );
    expect(
      describeAdapter(
        { backend: 'metal', name: 'Apple M2' },
        { vendor: 'apple', architecture: '', description: '' },
      ),
    ).toBe('gpu (Apple M2, Metal; apple)');
  });

  it('never calls a software adapter a GPU, whether or not its driver says it is one', () => {
    const swiftshader = {
      vendor: 'google',
      architecture: 'swiftshader',
      description: 'SwiftShader driver 5.0.0',
      isFallbackAdapter: true,
    };
    expect(describeAdapter(SWIFTSHADER, swiftshader)).toBe(
      'software (SwiftShader Device (Subzero), Vulkan; google swiftshader, SwiftShader driver 5.0.0)',
    );
    const lavapipe = { vendor: 'mesa', architecture: '', description: 'Mesa 22.3.6 (LLVM 15.0.6)' };
    expect(
      describeAdapter({ backend: 'vulkan', name: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, lavapipe),
    ).toMatch(/^software \(llvmpipe/);
  });
});
