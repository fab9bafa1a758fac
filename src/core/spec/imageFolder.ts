/**
 * `"source": "imageFolder"`: a folder with one subfolder of pictures per class, the layout of
 * torchvision's ImageFolder and Keras's image_dataset_from_directory. Classes are the
 * subfolders' names in sorted order (as both do); every PNG or JPEG in a class folder is a
 * sample, resized to `size` with `channels` (src/core/data/images/decode.ts). Names starting
 * with "." (.DS_Store, .git) are not pictures and are passed over.
 */
import { type Diagnostic, excerpt, ProblemList } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import { pathProblem, type SpecFiles } from "../base/files";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import { decodePicture, type Picture, resizePicture } from "../data/images/decode";
import { imageDataset } from "../data/images/pixels";
import type { ImageLoad } from "./loadImages";
import type { RawSpec } from "./types";

export function loadImageFolder(doc: SpecDocument, raw: RawSpec, files: SpecFiles): ImageLoad {
  const data = raw.data ?? {};
  const at = (path: (string | number)[], message: string) => ({ diagnostics: [doc.diagnostic("error", message, path)] });
  if (data.path === undefined) return at(["data"], t('data: image folder data needs "path": the folder with one subfolder of pictures per class'));
  const unusable = pathProblem(data.path);
  if (unusable) return at(["data", "path"], `data.path: ${unusable}`);
  const resolved = files.resolve(data.path);
  if ("error" in resolved) return at(["data", "path"], `data.path: ${resolved.error}`);
  // "pics/" and "pics" are one folder.
  const root = resolved.path.replace(/[\\/]+$/, "");
  let top: { folders: string[]; files: string[] };
  try {
    top = files.list(root);
  } catch (e) {
    return at(["data", "path"], t("data.path: {error}; give the folder of the pictures, relative to the spec's folder", { error: (e as Error).message }));
  }
  const diagnostics: Diagnostic[] = [];
  const classFolders = top.folders.filter((f) => !f.startsWith("."));
  const classes: { name: string; pictures: string[] }[] = [];
  for (const name of classFolders) {
    const inside = files.list(`${root}/${name}`);
    const pictures = inside.files.filter((f) => !f.startsWith(".")).map((f) => `${root}/${name}/${f}`);
    if (pictures.length === 0) {
      diagnostics.push(
        doc.diagnostic(
          "warning",
          t('data.path: the class folder "{name}" has no pictures, so it is not a class; add pictures or remove it', { name: excerpt(name) }),
          ["data", "path"],
        ),
      );
    } else classes.push({ name, pictures });
  }
  if (classes.length < 2)
    return {
      diagnostics: [
        ...diagnostics,
        doc.diagnostic(
          "error",
          t(
            'data.path: {folder} has {count} class folders with pictures; a classifier needs at least two, one subfolder per class (e.g. "{folder}/cat", "{folder}/dog")',
            {
              folder: data.path,
              count: classes.length,
            },
          ),
          ["data", "path"],
        ),
      ],
    };
  const rows = classes.reduce((n, c) => n + c.pictures.length, 0);
  if (rows > LIMITS.dataRows)
    return at(
      ["data", "path"],
      t("data.path: {rows} pictures is more than the limit of {limit} data rows", {
        rows: rows.toLocaleString("en"),
        limit: LIMITS.dataRows.toLocaleString("en"),
      }),
    );

  const channels = data.channels ?? 1;
  let size = data.size;
  const problems = new ProblemList();
  const shown = (path: string) => excerpt(path.slice(root.length + 1), 120);
  const pictures: Uint8Array[] = [];
  const labels = new Int32Array(rows);
  let row = 0;
  classes.forEach((c, k) => {
    for (const path of c.pictures) {
      let picture: Picture;
      try {
        picture = decodePicture(files.read(path));
      } catch (e) {
        problems.add(() => doc.diagnostic("error", t("data.path: {file}: {reason}", { file: shown(path), reason: (e as Error).message }), ["data", "path"]));
        continue;
      }
      // Without a size, the first picture's is every picture's.
      size ??= [picture.height, picture.width];
      if (!data.size && (picture.height !== size[0] || picture.width !== size[1])) {
        problems.add(() =>
          doc.diagnostic(
            "error",
            t('data.path: {file} is {height} × {width} pixels, the first picture {first}; set "size": [height, width] to resize every picture to one size', {
              file: shown(path),
              height: picture.height,
              width: picture.width,
              first: `${size?.[0]} × ${size?.[1]}`,
            }),
            ["data", "path"],
          ),
        );
        continue;
      }
      pictures.push(resizePicture(picture, size[0], size[1], channels));
      labels[row++] = k;
    }
  });
  if (problems.count) return { diagnostics: [...diagnostics, ...problems.list()] };
  const [h, w] = size as [number, number];
  const pixels = h * w * channels;
  const bytes = new Uint8Array(rows * pixels);
  pictures.forEach((p, i) => {
    bytes.set(p, i * pixels);
  });
  const names = classes.map((c) => c.name);
  return { dataset: imageDataset(bytes, [h, w, channels], labels, names, data.scale ?? "unit", true), diagnostics };
}
