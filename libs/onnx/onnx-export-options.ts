export interface OnnxExportOptions {
  /**
   * Extra metadata_props entries (e.g. an experiment id or its test accuracy), written after
   * the exporter's own (normalisation, layout, labels); a key of the same name replaces the
   * exporter's entry. Default: none.
   */
  metadata?: Record<string, string>;
  /** ModelProto.producer_version, e.g. the code version that trained the model. Default: unset. */
  producerVersion?: string;
}
