import type { RawDatasetFiles } from '../build-dataset';

/** One place the four files can come from. */
export interface DatasetSource {
  /** Identifies the bytes this source yields; the per-process memo is keyed by it. */
  readonly key: string;
  /** For people, and for `Dataset.source`. */
  readonly description: string;
  /** The raw (decompressed) files keyed by official name. */
  readFiles(): Promise<RawDatasetFiles>;
}
