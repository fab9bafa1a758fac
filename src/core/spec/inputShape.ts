/** The input layer as an image's shape: its units made from it, before every other rule reads them. */
import type { Diagnostic } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import type { RawSpec } from "./types";

/**
 * The input layer written as an image's shape (`{ "shape": [28, 28, 1] }`): its units are then
 * height × width × channels, set here so every later rule reads `units`. Written with units
 * too, both must agree; every other layer needs its units.
 */
export function inputShape(doc: SpecDocument, raw: RawSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  raw.layers = raw.layers.map((layer, i) => {
    if (i > 0) {
      if (layer.shape)
        out.push(
          doc.keyDiagnostic(
            "error",
            t('layers[{index}].shape: only the input layer has a shape (its images\'); give this layer "units"', { index: i }),
            ["layers", i],
            "shape",
          ),
        );
      if (layer.units === undefined)
        out.push(doc.diagnostic("error", t('layers[{index}]: missing required field "units": add "units": 8', { index: i }), ["layers", i]));
      return layer;
    }
    if (!layer.shape) {
      if (layer.units === undefined)
        out.push(doc.diagnostic("error", t('layers[0]: needs "units" (how many features) or, for images, "shape": [height, width, channels]'), ["layers", 0]));
      return layer;
    }
    const units = layer.shape[0] * layer.shape[1] * layer.shape[2];
    if (layer.units !== undefined && layer.units !== units)
      out.push(
        doc.diagnostic(
          "error",
          t("layers[0].units: {units}, but its shape {shape} makes {product} inputs; give one of the two, or make them agree", {
            units: layer.units,
            shape: layer.shape.join(" × "),
            product: units.toLocaleString("en"),
          }),
          ["layers", 0, "units"],
        ),
      );
    else if (units > LIMITS.unitsPerLayer)
      out.push(
        doc.diagnostic(
          "error",
          t("layers[0].shape: {shape} makes {product} inputs, more than the {limit} a layer may have; use smaller images", {
            shape: layer.shape.join(" × "),
            product: units.toLocaleString("en"),
            limit: LIMITS.unitsPerLayer.toLocaleString("en"),
          }),
          ["layers", 0, "shape"],
        ),
      );
    return { ...layer, units };
  });
  return out;
}
