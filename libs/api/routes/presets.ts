import { Router } from 'express';
import { listPresets, loadPreset, resolveConfig, UnknownPresetError } from '@lenet-lab/config';
import type { Preset, PresetList } from '@lenet-lab/contract';
import { HttpError } from '@lenet-lab/http';

/**
 * The presets an experiment or an ablation can name, so a client can show them or build on
 * one without reading configs/. Read once: presets ship with the code, and a preset that does
 * not validate stops the API at start rather than failing a request later.
 */
export function presetsRouter(): Router {
  // `resolved` is the defaults, then the preset: what `{"preset": name}` alone would train.
  const presets: Preset[] = listPresets().map((name) => {
    const preset = loadPreset(name);
    return { ...preset, resolved: resolveConfig({ overrides: preset.config }) };
  });
  const router = Router();

  router.get('/', (_req, res) => {
    const body: PresetList = { items: presets };
    res.json(body);
  });

  router.get('/:name', (req, res) => {
    const found = presets.find((preset) => preset.name === req.params.name);
    if (!found) {
      // A 404 here (the shared handler answers 400 for a preset named in a request body).
      const { code, message } = new UnknownPresetError(
        req.params.name,
        presets.map((preset) => preset.name),
      );
      throw new HttpError(404, code, message);
    }
    res.json(found);
  });

  return router;
}
