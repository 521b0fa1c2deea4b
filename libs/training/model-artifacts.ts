import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * A trained network in TensorFlow.js's own format: the Keras-style topology (model.json's
 * `modelTopology`), the weight manifest and every weight as one little-endian float32 buffer.
 * That is exactly what `tf.loadLayersModel` reads, so a stored model needs no conversion to be
 * served, and any tfjs program can load it.
 */
export interface LayersModelArtifacts {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/** The model's topology and current weights (what `model.save` would write), in memory. */
export async function captureModelArtifacts(model: tfl.LayersModel): Promise<LayersModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs || !captured.weightData) {
    throw new Error('tfjs saved the model without its topology or weights');
  }
  return {
    modelTopology: captured.modelTopology as object,
    weightSpecs: captured.weightSpecs,
    // tfjs 4.22 may hand back its weights as a list of buffers; one buffer is the stored form.
    weightData: new tf.io.CompositeArrayBuffer(captured.weightData).slice(),
  };
}

/** A LayersModel from stored artifacts (inference: no optimiser, training-only layers idle). */
export function loadModelFromArtifacts(artifacts: LayersModelArtifacts): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifacts.modelTopology,
      weightSpecs: artifacts.weightSpecs,
      weightData: artifacts.weightData,
    }),
  );
}
