/*
 * Plain-object shapes of the onnx.proto3 messages the exporter writes, with the schema's own
 * field names (snake_case, as the schema is loaded with keepCase) so they read like the ONNX
 * specification. Only the fields used here; the schema has many more.
 */

export interface OnnxOperatorSetId {
  domain?: string;
  version: number;
}

export interface OnnxStringStringEntry {
  key: string;
  value: string;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: number;
  /** Little-endian values, as the specification requires of raw_data. */
  raw_data?: Uint8Array;
  float_data?: number[];
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  ints?: number[];
}

export interface OnnxNode {
  name?: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute?: OnnxAttribute[];
  doc_string?: string;
}

/** One dimension: a fixed size or a symbolic name. */
export type OnnxDimension = { dim_value: number } | { dim_param: string };

export interface OnnxValueInfo {
  name: string;
  type: {
    tensor_type: {
      elem_type: number;
      shape: { dim: OnnxDimension[] };
    };
  };
  doc_string?: string;
}

export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  doc_string?: string;
}

export interface OnnxModel {
  ir_version: number;
  opset_import: OnnxOperatorSetId[];
  producer_name: string;
  producer_version?: string;
  doc_string?: string;
  graph: OnnxGraph;
  metadata_props?: OnnxStringStringEntry[];
}
