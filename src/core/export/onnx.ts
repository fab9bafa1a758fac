/**
 * A trained network as an ONNX model (onnx.ai), written by NNSpec itself with the ONNX project's
 * own message definitions (the npm package onnx-proto, protobufjs code generated from
 * onnx.proto), for inference anywhere ONNX runs: onnxruntime, browsers, phones. Each layer is
 * one Gemm (x·W + b, W in NNSpec's [in][out] layout) and its activation, in float32, the type
 * every runtime supports; the output is what NNSpec's network outputs (softmax or sigmoid
 * probabilities included). Opset 17 and IR version 8: ONNX 1.12 and every runtime since.
 */
import { onnx } from "onnx-proto";
import { t } from "../base/l10n";
import { type ActivationName, activationRecord } from "../nn/activations";
import type { ResolvedSpec } from "../spec/types";
import type { WeightsJson } from "../weights/weightsFile";

export const ONNX_FILE = "model.onnx";
const OPSET = 17;
const IR_VERSION = 8;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

type Node = onnx.INodeProto;

/** The model's bytes for `spec`'s network with `weights`; an Error naming the field when ONNX cannot express it. */
export function onnxModel(spec: ResolvedSpec, weights: WeightsJson, version: string): Uint8Array {
  const sizes = spec.sizes;
  if (weights.layers.length !== sizes.length - 1)
    throw new Error(t("the weights have {count} layers, the spec {expected}", { count: weights.layers.length, expected: sizes.length - 1 }));
  const nodes: Node[] = [];
  const initializers: onnx.ITensorProto[] = [];
  let input = "x";
  spec.activations.forEach((activation, i) => {
    const k = i + 1;
    const { weights: w, biases: b } = weights.layers[i];
    initializers.push(tensor(`layers.${k}.weights`, [sizes[k - 1], sizes[k]], w.flat()), tensor(`layers.${k}.biases`, [sizes[k]], b));
    const z = `layers.${k}.z`;
    nodes.push({ opType: "Gemm", input: [input, `layers.${k}.weights`, `layers.${k}.biases`], output: [z], name: `layers[${k}] Gemm` });
    const out = k === sizes.length - 1 ? "y" : `layers.${k}.a`;
    nodes.push(...activationNodes(activation, z, out, `layers[${k}]`, initializers));
    input = out;
  });
  const model: onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: "", version: OPSET }],
    producerName: "nnspec",
    producerVersion: version,
    docString: `${spec.name}: ${sizes.join(" → ")} (${spec.activations.join(", ")}), exported by NNSpec`,
    graph: {
      name: spec.name,
      node: nodes,
      initializer: initializers,
      input: [valueInfo("x", sizes[0])],
      output: [valueInfo("y", sizes[sizes.length - 1])],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

function tensor(name: string, dims: number[], values: readonly number[]): onnx.ITensorProto {
  return { name, dims, dataType: FLOAT, floatData: Array.from(Float32Array.from(values)) };
}

/** [samples, width] floats; the first dimension named, so any number of samples can be given. */
function valueInfo(name: string, width: number): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: "samples" }, { dimValue: width }] } } },
  };
}

/** `activation` from `z` to `out`, as ONNX's operators compute NNSpec's (activations.ts). */
function activationNodes(activation: ActivationName, z: string, out: string, where: string, constants: onnx.ITensorProto[]): Node[] {
  const op = (opType: string, attribute: onnx.IAttributeProto[] = []): Node[] => [{ opType, input: [z], output: [out], name: `${where} ${opType}`, attribute }];
  const float = (name: string, f: number): onnx.IAttributeProto => ({ name, f, type: onnx.AttributeProto.AttributeType.FLOAT });
  const onnxOp = activationRecord(activation).onnx;
  if (onnxOp !== "erf") {
    const floats = Object.entries(onnxOp.floats ?? {}).map(([name, f]) => float(name, f));
    const ints = Object.entries(onnxOp.ints ?? {}).map(([name, i]) => ({ name, i, type: onnx.AttributeProto.AttributeType.INT }));
    return op(onnxOp.op, [...floats, ...ints]);
  }
  // x·Φ(x) = x · ½ · (1 + erf(x / √2)): Gelu itself is an operator only from opset 20.
  const c = (name: string, v: number) => {
    constants.push(tensor(`${where}.${name}`, [], [v]));
    return `${where}.${name}`;
  };
  const [s, one, half] = [c("1/√2", Math.SQRT1_2), c("1", 1), c("½", 0.5)];
  const step = (opType: string, inputs: string[], output: string): Node => ({
    opType,
    input: inputs,
    output: [output],
    name: `${where} gelu ${opType} ${output}`,
  });
  return [
    step("Mul", [z, s], `${z}.scaled`),
    step("Erf", [`${z}.scaled`], `${z}.erf`),
    step("Add", [`${z}.erf`, one], `${z}.erf+1`),
    step("Mul", [z, `${z}.erf+1`], `${z}.x(erf+1)`),
    step("Mul", [`${z}.x(erf+1)`, half], out),
  ];
}
