/** Queue names shared by the API (producer) and the workers (consumers). */
export const TRAINING_QUEUE = 'training';
export const REPORT_QUEUE = 'reports';
