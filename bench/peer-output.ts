/** One epoch as the seed's PyTorch script prints it. */
export interface PeerEpoch {
  epoch: number;
  trainSeconds: number | null;
  imagesPerSecond: number | null;
  /** Percent, as printed. */
  testAccuracy: number | null;
  inferMsPerImage: number | null;
  threads: number | null;
}

const EPOCH_LINE = /^\s*epoch\s+(\d+)\b(.*)$/i;
const FIELD = /([A-Za-z_]+)[\s:=]+(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/gi;

/**
 * The per-epoch lines of peer/seed_lenet.py: "epoch 1 train_s 7.70 images_per_s 7817
 * test_acc 98.10 infer_ms_per_image 0.335 threads 1". Fields are read by name, in any order,
 * with "key value", "key: value" or "key=value"; other lines (warnings) are ignored.
 */
export function parsePeerOutput(text: string): PeerEpoch[] {
  const epochs: PeerEpoch[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = EPOCH_LINE.exec(line);
    if (!match) continue;
    const fields = new Map<string, number>();
    for (const [, key, value] of match[2].matchAll(FIELD)) {
      fields.set(key.toLowerCase(), Number(value));
    }
    const field = (...names: string[]) => {
      for (const name of names) if (fields.has(name)) return fields.get(name)!;
      return null;
    };
    const epoch: PeerEpoch = {
      epoch: Number(match[1]),
      trainSeconds: field('train_s', 'train_seconds', 'seconds'),
      imagesPerSecond: field('images_per_s', 'images_per_second', 'img_per_s'),
      testAccuracy: field('test_acc', 'test_accuracy'),
      inferMsPerImage: field('infer_ms_per_image', 'infer_ms'),
      threads: field('threads'),
    };
    if (epoch.trainSeconds !== null || epoch.imagesPerSecond !== null) epochs.push(epoch);
  }
  return epochs;
}

/** Seconds of one epoch: from images/s when printed (it is unrounded), else from train_s. */
export function peerEpochSeconds(epoch: PeerEpoch, images: number): number | null {
  if (epoch.imagesPerSecond !== null && epoch.imagesPerSecond > 0) {
    return images / epoch.imagesPerSecond;
  }
  return epoch.trainSeconds;
}
