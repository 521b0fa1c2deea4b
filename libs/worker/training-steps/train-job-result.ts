/** What a finished training job returns; Bull Board shows it. */
export interface TrainJobResult {
  /** 'lost': another attempt owns the experiment now; this one stopped and wrote nothing more. */
  outcome: 'completed' | 'cancelled' | 'skipped' | 'lost';
  testAccuracy?: number | null;
  epochsRun?: number;
}
