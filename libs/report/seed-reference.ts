/**
 * The seed study's published table, so a reproduction can be read against it. Only the four
 * presets of that table have entries; any other preset is shown by its own name.
 */
export const PUBLISHED_TEST_ACCURACY: Readonly<Record<string, number>> = {
  baseline: 0.975,
  augmentation: 0.982,
  batchnorm: 0.985,
  'lr-decay-early-stop': 0.987,
};

export const PRESET_LABELS: Readonly<Record<string, string>> = {
  baseline: 'Baseline',
  augmentation: '+ augmentation',
  batchnorm: '+ BatchNorm',
  'lr-decay-early-stop': '+ LR decay & early stopping',
};

export function presetLabel(preset: string): string {
  return Object.hasOwn(PRESET_LABELS, preset) ? PRESET_LABELS[preset] : preset;
}

export function publishedTestAccuracy(preset: string): number | null {
  return Object.hasOwn(PUBLISHED_TEST_ACCURACY, preset) ? PUBLISHED_TEST_ACCURACY[preset] : null;
}
