import os from 'node:os';
import { version_core as tfjsVersion } from '@tensorflow/tfjs-core';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  node: string;
  tfjs: string;
  platform: string;
  /** `uptime`'s 1, 5 and 15-minute load averages. */
  loadBefore: number[];
  loadAfter: number[] | null;
}

/** The machine as every bench prints it first: CPU, cores, OS. */
export function machineLine(machine: MachineInfo): string {
  return `machine:  ${machine.cpuModel}, ${machine.cores} cores, ${machine.platform}`;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    tfjs: tfjsVersion,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadBefore: os.loadavg(),
    loadAfter: null,
  };
}
