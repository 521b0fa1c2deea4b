import { describeMagic } from './idx-format';

/** Base of every error this library throws: `code` is stable, the message is for people. */
export abstract class DatasetError extends Error {
  abstract readonly code: string;
}

export class IdxMagicError extends DatasetError {
  readonly code = 'IDX_BAD_MAGIC';
  constructor(
    readonly fileName: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `${fileName}: magic number ${describeMagic(actual)}, expected ${describeMagic(expected)}`,
    );
    this.name = 'IdxMagicError';
  }
}

/** The byte length disagrees with the declared dimensions: usually an interrupted copy. */
export class IdxLengthError extends DatasetError {
  readonly code = 'IDX_LENGTH';
  constructor(
    readonly fileName: string,
    readonly expectedBytes: number,
    readonly actualBytes: number,
  ) {
    const what = actualBytes < expectedBytes ? 'truncated' : 'has trailing bytes';
    super(`${fileName}: ${what}: expected ${expectedBytes} bytes, got ${actualBytes}`);
    this.name = 'IdxLengthError';
  }
}

export class IdxDimensionsError extends DatasetError {
  readonly code = 'IDX_BAD_DIMENSIONS';
  constructor(
    readonly fileName: string,
    readonly dimensions: readonly number[],
    expectation: string,
  ) {
    super(`${fileName}: dimensions ${dimensions.join('×')}, expected ${expectation}`);
    this.name = 'IdxDimensionsError';
  }
}

export class IdxLabelRangeError extends DatasetError {
  readonly code = 'IDX_LABEL_OUT_OF_RANGE';
  constructor(
    readonly fileName: string,
    readonly index: number,
    readonly value: number,
    numClasses: number,
  ) {
    super(`${fileName}: label ${index} is ${value}, expected 0–${numClasses - 1}`);
    this.name = 'IdxLabelRangeError';
  }
}

export class DatasetCountMismatchError extends DatasetError {
  readonly code = 'DATASET_COUNT_MISMATCH';
  constructor(
    readonly imagesFile: string,
    readonly imageCount: number,
    readonly labelsFile: string,
    readonly labelCount: number,
  ) {
    super(`${imagesFile} has ${imageCount} images but ${labelsFile} has ${labelCount} labels`);
    this.name = 'DatasetCountMismatchError';
  }
}

export class DatasetChecksumError extends DatasetError {
  readonly code = 'DATASET_CHECKSUM';
  constructor(
    readonly fileName: string,
    readonly expected: string,
    readonly actual: string,
    readonly location: string,
  ) {
    super(`${fileName} from ${location}: SHA-256 ${actual}, expected ${expected}`);
    this.name = 'DatasetChecksumError';
  }
}

export class DatasetGzipError extends DatasetError {
  readonly code = 'DATASET_GZIP';
  constructor(
    readonly fileName: string,
    cause: unknown,
  ) {
    super(`${fileName}: not a valid gzip stream: ${messageOf(cause)}`, { cause });
    this.name = 'DatasetGzipError';
  }
}

export class DatasetFileMissingError extends DatasetError {
  readonly code = 'DATASET_FILE_MISSING';
  constructor(
    readonly fileName: string,
    readonly triedPaths: readonly string[],
  ) {
    super(`${fileName} not found; tried ${triedPaths.join(', ')}`);
    this.name = 'DatasetFileMissingError';
  }
}

export class DatasetDownloadError extends DatasetError {
  readonly code = 'DATASET_DOWNLOAD';
  constructor(
    readonly url: string,
    reason: string,
    cause?: unknown,
  ) {
    super(`download of ${url} failed: ${reason}`, cause === undefined ? undefined : { cause });
    this.name = 'DatasetDownloadError';
  }
}

/** None of the requested sources can provide the files (e.g. only 'dir' asked for, none set). */
export class DatasetUnavailableError extends DatasetError {
  readonly code = 'DATASET_UNAVAILABLE';
  constructor(reason: string) {
    super(`no dataset source available: ${reason}`);
    this.name = 'DatasetUnavailableError';
  }
}

export class DatasetLimitError extends DatasetError {
  readonly code = 'DATASET_LIMIT';
  constructor(
    readonly split: string,
    readonly limit: number,
    readonly count: number,
  ) {
    super(`${split} limit ${limit} is not an integer from 1 to ${count}`);
    this.name = 'DatasetLimitError';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
