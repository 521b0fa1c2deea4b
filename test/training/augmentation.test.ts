import {
  affineTransform,
  IDENTITY_AFFINE,
  sampleAffineParams,
  SeededRandom,
  type AffineParams,
} from '@lenet-lab/training';

const SIZE = 28;

/** A blank image with ink at the given (row, col) pixels. */
function imageWithInk(pixels: [number, number][]): Uint8Array {
  const image = new Uint8Array(SIZE * SIZE);
  for (const [row, col] of pixels) image[row * SIZE + col] = 255;
  return image;
}

function inkPixels(image: ArrayLike<number>): [number, number][] {
  const found: [number, number][] = [];
  for (let i = 0; i < SIZE * SIZE; i++)
    if (image[i] > 127) found.push([Math.floor(i / SIZE), i % SIZE]);
  return found;
}

function params(change: Partial<AffineParams>): AffineParams {
  return { ...IDENTITY_AFFINE, ...change };
}

const randomImage = (() => {
  const random = new SeededRandom(3);
  return Uint8Array.from({ length: SIZE * SIZE }, () => random.int(256));
})();

describe('affineTransform', () => {
  it.each(['nearest', 'bilinear'] as const)(
    'returns the same image for identity params (%s)',
    (mode) => {
      expect(Array.from(affineTransform(randomImage, IDENTITY_AFFINE, mode))).toEqual(
        Array.from(randomImage),
      );
    },
  );

  it('moves ink right and down by a translation in whole pixels', () => {
    const image = imageWithInk([[10, 10]]);
    expect(inkPixels(affineTransform(image, params({ translateX: 3, translateY: -2 })))).toEqual([
      [8, 13],
    ]);
  });

  it('fills with 0 where the image moved away, and drops ink moved off the edge', () => {
    const image = imageWithInk([[5, 26]]);
    const shifted = affineTransform(image, params({ translateX: 3 }));
    expect(inkPixels(shifted)).toEqual([]);
    expect(
      Array.from(affineTransform(randomImage, params({ translateY: 5 }))).slice(0, 5 * SIZE),
    ).toEqual(new Array(5 * SIZE).fill(0));
  });

  it.each(['nearest', 'bilinear'] as const)(
    'rotates 90° clockwise about the image centre (%s): top → right → bottom → left',
    (mode) => {
      const top = imageWithInk([[2, 13]]);
      const rotated = affineTransform(top, params({ angleDegrees: 90 }), mode);
      // Centre 13.5: (row 2, col 13) is 11.5 above and 0.5 left of it → 11.5 right, 0.5 above.
      expect(inkPixels(rotated)).toEqual([[13, 25]]);
      const twice = affineTransform(rotated, params({ angleDegrees: 90 }), mode);
      expect(inkPixels(twice)).toEqual([[25, 14]]);
    },
  );

  it('a full turn of four 90° rotations gives the image back exactly', () => {
    let image: Uint8Array | Float32Array = randomImage;
    for (let i = 0; i < 4; i++) image = affineTransform(image, params({ angleDegrees: 90 }));
    expect(Array.from(image)).toEqual(Array.from(randomImage));
  });

  it('scales about the centre: a 2× zoom pushes ink away from it', () => {
    const image = imageWithInk([[13, 17]]);
    const zoomed = affineTransform(image, params({ scale: 2 }), 'nearest');
    const cols = inkPixels(zoomed).map(([, col]) => col);
    expect(Math.min(...cols)).toBeGreaterThan(17);
  });

  it('keeps bilinear values within the input range', () => {
    const out = affineTransform(randomImage, params({ angleDegrees: 7, scale: 1.03 }), 'bilinear');
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(255);
  });
});

describe('sampleAffineParams', () => {
  const options = { rotationDegrees: 10, translateFraction: 0.1, scaleMin: 0.95, scaleMax: 1.05 };

  it('draws within the configured ranges, with whole-pixel shifts', () => {
    const random = new SeededRandom(1);
    const draws = Array.from({ length: 2000 }, () => sampleAffineParams(random, options));
    for (const p of draws) {
      expect(Math.abs(p.angleDegrees)).toBeLessThanOrEqual(10);
      expect(Number.isInteger(p.translateX) && Number.isInteger(p.translateY)).toBe(true);
      expect(Math.abs(p.translateX)).toBeLessThanOrEqual(3);
      expect(p.scale).toBeGreaterThanOrEqual(0.95);
      expect(p.scale).toBeLessThan(1.05);
    }
    // ±2.8 px rounds to −3…3: all seven shifts appear.
    expect(new Set(draws.map((p) => p.translateX)).size).toBe(7);
  });

  it('is reproducible from the seed', () => {
    expect(sampleAffineParams(new SeededRandom(9), options)).toEqual(
      sampleAffineParams(new SeededRandom(9), options),
    );
  });
});
