/**
 * The part of the WebAssembly JavaScript API that lenet-lab uses. Node has all of it; its
 * TypeScript types live in the DOM lib, which this project (Node only) does not include.
 */
declare namespace WebAssembly {
  interface ModuleDescriptor {
    module?: string;
    name: string;
    kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  }
  class Module {
    constructor(bytes: Uint8Array);
    static imports(module: Module): ModuleDescriptor[];
    static exports(module: Module): Omit<ModuleDescriptor, 'module'>[];
  }
  class Instance {
    constructor(module: Module, imports?: object);
    readonly exports: object;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
  }
}
