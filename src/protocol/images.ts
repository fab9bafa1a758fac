/**
 * What the panel needs to show image data (issue 20): the gallery's images, their predictions,
 * and the first hidden layer's weights as pictures. All bounded, whatever the data's size: the
 * images travel once, with the run's summary; each update carries only small numbers.
 * Typed arrays cross both hops (worker → host → webview) as they are.
 */

/** The images the gallery can show: a fixed set of samples, sent once a run. */
export interface GalleryImages {
  /** One image's [height, width, channels]; a row is its pixels row-major, channels last. */
  shape: [number, number, number];
  /** The samples (the data's own order), validation ones when there are some. */
  samples: number[];
  /** Their class indices. */
  labels: number[];
  /** Whether each is a validation sample. */
  validation: boolean[];
  /** samples.length × height × width × channels bytes, 0 (black) to 255 (white), as the data holds them. */
  pixels: Uint8Array;
  /** How a byte becomes the network's input (byte × scale + offset), for the draw pad's images. */
  scale: number;
  offset: number;
}

/** The network's guess for each gallery image, in the order of GalleryImages.samples. */
export interface GalleryPredictions {
  /** The class it predicts. */
  predicted: Uint8Array | Uint16Array;
  /** The probability it gives that class (the output's largest value). */
  probability: Float32Array;
  /** The completed epochs when these were computed (they are refreshed at most once a second while training). */
  epoch: number;
  /** Counts the recomputations: an update repeats the last guesses until they are recomputed, and the panel redraws only new ones. */
  version: number;
}

/** Each first-hidden-layer unit's incoming weights, one image per unit in the input's shape. */
export interface UnitImages {
  shape: [number, number, number];
  /** The units drawn (the first ones, up to MAX_UNIT_IMAGES). */
  units: number;
  /** How many units the layer has. */
  of: number;
  /** Per unit, its largest |weight|: the image's value ±127 stands for ±scale. */
  scales: Float32Array;
  /** units × inputs weights, each divided by its unit's scale and rounded to −127…127. */
  weights: Int8Array;
  /** Counts the recomputations, as GalleryPredictions.version does. */
  version: number;
}

/** The most units unit-images draws (8 × 8). */
export const MAX_UNIT_IMAGES = 64;
/** Bytes of images the gallery's set may hold (its images travel once per run). */
export const GALLERY_BYTES = 256 * 1024;
/** The most images in the gallery's set, and the most the gallery shows at once. */
export const GALLERY_SET = 256;
export const GALLERY_SHOWN = 48;

/** A one-channel image the draw pad made, to follow forward and back as a sample. */
export interface DrawnImage {
  /** Its pixels in the input's shape, 0…255 as the data's bytes. */
  pixels: number[];
  /** The class the learner says it is (its target for the loss). */
  label: number;
}
