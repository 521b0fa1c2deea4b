/** Stable codes, so a worker can tell a bad machine or config from a bug without parsing messages. */
export type TrainingErrorCode =
  | 'BACKEND_UNAVAILABLE'
  | 'BACKEND_ALREADY_INITIALISED'
  | 'UNSUPPORTED_KERNEL_ATTRS'
  | 'INVALID_TRAINING_SETUP';

export class TrainingError extends Error {
  constructor(
    readonly code: TrainingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** A backend that TRAIN_BACKEND (or the caller) asked for cannot run on this machine. */
export class BackendUnavailableError extends TrainingError {
  constructor(
    readonly backend: string,
    reason: string,
  ) {
    super('BACKEND_UNAVAILABLE', `backend "${backend}" is not available: ${reason}`);
    this.name = 'BackendUnavailableError';
  }
}

/** A second, different backend request in a process whose backend is already chosen. */
export class BackendAlreadyInitialisedError extends TrainingError {
  constructor(
    readonly requested: string,
    readonly active: string,
  ) {
    super(
      'BACKEND_ALREADY_INITIALISED',
      `backend "${requested}" requested but this process already trains on "${active}"; ` +
        'one backend per process (start another process for another backend)',
    );
    this.name = 'BackendAlreadyInitialisedError';
  }
}

/** A kernel of ours was called with attributes it does not implement. */
export class UnsupportedKernelAttrsError extends TrainingError {
  constructor(
    readonly kernel: string,
    detail: string,
  ) {
    super('UNSUPPORTED_KERNEL_ATTRS', `${kernel}: ${detail}`);
    this.name = 'UnsupportedKernelAttrsError';
  }
}

/** The config and data cannot make a run (e.g. early stopping without a validation set). */
export class InvalidTrainingSetupError extends TrainingError {
  constructor(message: string) {
    super('INVALID_TRAINING_SETUP', message);
    this.name = 'InvalidTrainingSetupError';
  }
}
