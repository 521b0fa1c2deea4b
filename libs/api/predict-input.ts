import type { Request, RequestHandler } from 'express';
import express from 'express';
import multer from 'multer';
import { InvalidRequestError } from '@lenet-lab/errors';
import { HttpError, parseJsonBody } from '@lenet-lab/http';
import { decodeDigitPng } from '@lenet-lab/inference';
import { MAX_PREDICT_IMAGES, predictBody } from '@lenet-lab/contract';

/** 1,024 digits of 784 numbers written out as JSON text stay well under this. */
const JSON_LIMIT = '8mb';
/** A 28×28 PNG is a few hundred bytes; anything this large is not one. */
const MAX_PNG_BYTES = 64 * 1024;
/** The multipart field that carries the PNGs. */
export const PNG_FIELD = 'images';

const uploads = multer({
  storage: multer.memoryStorage(),
  limits: {
    files: MAX_PREDICT_IMAGES,
    fileSize: MAX_PNG_BYTES,
    fields: 0,
    parts: MAX_PREDICT_IMAGES,
  },
}).array(PNG_FIELD, MAX_PREDICT_IMAGES);

const MULTER_MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: `a PNG is larger than ${MAX_PNG_BYTES} bytes; a 28×28 digit is far smaller`,
  LIMIT_FILE_COUNT: `at most ${MAX_PREDICT_IMAGES} images per request`,
  LIMIT_PART_COUNT: `at most ${MAX_PREDICT_IMAGES} images per request`,
  LIMIT_FIELD_COUNT: `only files are accepted, in the form field "${PNG_FIELD}"`,
  LIMIT_UNEXPECTED_FILE: `upload the PNGs in the form field "${PNG_FIELD}"`,
};

/** multer's errors carry a code, not an HTTP status: name the problem for the client. */
const multipartUpload: RequestHandler = (req, res, next) =>
  uploads(req, res, (error?: unknown) => {
    if (!error) return next();
    if (error instanceof multer.MulterError) {
      const status = error.code === 'LIMIT_FILE_SIZE' ? 413 : 400;
      return next(
        new HttpError(status, 'BAD_UPLOAD', MULTER_MESSAGES[error.code] ?? error.message),
      );
    }
    next(new InvalidRequestError('the multipart body could not be read'));
  });

/**
 * Body parsers of the predict route, by content type: JSON pixel arrays, one raw PNG, or a
 * multipart form of PNGs. Anything else reaches readDigitImages unparsed and is refused there.
 */
export const predictBodyParsers: RequestHandler[] = [
  express.json({ limit: JSON_LIMIT, strict: true }),
  express.raw({ type: 'image/png', limit: MAX_PNG_BYTES }),
  (req, res, next) => (req.is('multipart/form-data') ? multipartUpload(req, res, next) : next()),
];

/** The digits of a parsed predict request, as 784 grayscale values each, in request order. */
export function readDigitImages(req: Request): ArrayLike<number>[] {
  if (req.is('image/png')) {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new InvalidRequestError('the request body is empty; send one 28×28 PNG');
    }
    return [decodeOrReject(req.body, 0)];
  }
  if (req.is('multipart/form-data')) {
    const files = (req.files ?? []) as Express.Multer.File[];
    if (files.length === 0) {
      throw new InvalidRequestError(`no images: upload PNGs in the form field "${PNG_FIELD}"`);
    }
    return files.map((file, index) => decodeOrReject(file.buffer, index));
  }
  if (req.is('application/json')) {
    return parseJsonBody(predictBody, req).images as ArrayLike<number>[];
  }
  throw new HttpError(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'send application/json ({"images": [[784 values 0–255], …]}), image/png, or multipart/form-data with PNGs in the field "images"',
  );
}

function decodeOrReject(file: Uint8Array, index: number): Uint8Array {
  try {
    return decodeDigitPng(file, index);
  } catch (error) {
    throw new InvalidRequestError((error as Error).message);
  }
}
