/**
 * The parts of an exported script that are the same for every spec: NNSpec's conventions
 * written in PyTorch. Each mirrors one piece of the core, named in its docstring, and the
 * export's tests (npm run test:torch) check the two agree epoch by epoch.
 */

import { DIRECTION_SAMPLE } from "../train/steps";
import { COUNTED_SAMPLES } from "../train/unitActivity";

/** NNSpec's seeded generator (src/core/base/rng.ts) and its batches (the Trainer's order). */
export const BATCH_ORDER = `class NNSpecRandom:
    """NNSpec's seeded generator (mulberry32), so that the batches come in NNSpec's order."""

    def __init__(self, seed, skip=0):
        self.state = ((seed & 0xFFFFFFFF) * 0x9E3779B9 & 0xFFFFFFFF) ^ 0x6D2B79F5
        # Each number drawn adds the same constant to the state, so skipping n draws is one step.
        self.state = (self.state + skip * 0x6D2B79F5) & 0xFFFFFFFF

    def next(self):
        """A number in [0, 1)."""
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + ((t ^ (t >> 7)) * (t | 61))) & 0xFFFFFFFF
        return (t ^ (t >> 14)) / 4294967296

    def shuffle(self, items):
        """Fisher-Yates, in place, from the last item down."""
        for i in range(len(items) - 1, 0, -1):
            j = math.floor(self.next() * (i + 1))
            items[i], items[j] = items[j], items[i]


class NNSpecBatches:
    """The training samples in NNSpec's batches, iterated once per epoch like a DataLoader.

    With training.shuffle, NNSpec shuffles the previous epoch's order again at the start of each
    epoch; the last batch of an epoch holds what is left over.
    """

    def __init__(self, x, y, batch_size, shuffle, random):
        self.x, self.y = x, y
        self.batch_size, self.shuffle, self.random = batch_size, shuffle, random
        self.order = list(range(len(x)))

    def __iter__(self):
        if self.shuffle:
            self.random.shuffle(self.order)
        for start in range(0, len(self.order), self.batch_size):
            rows = torch.tensor(self.order[start : start + self.batch_size], device=self.x.device)
            yield self.x[rows], self.y[rows]`;

/** The per-layer figures of the Trainer's epoch metrics (src/core/train/metrics.ts). */
export const LAYER_REPORT = `class LayerReport:
    """What "nnspec train --json" reports about each layer besides the loss.

    The gradient's mean |g|, max |g| and RMS over the epoch's batches (of the weights and of the
    biases), the share of ReLU units that were 0 for every training sample (dead), and the share
    of hidden tanh or sigmoid outputs on the flat ends of their curve (saturated). Training does
    not need any of it; it makes the script's lines comparable with NNSpec's.
    """

    def __init__(self, model):
        modules = list(model)
        places = [i for i, module in enumerate(modules) if isinstance(module, nn.Linear)]
        self.layers = [Layer(modules, i, hidden=k < len(places) - 1) for k, i in enumerate(places)]

    def start_epoch(self):
        for layer in self.layers:
            layer.reset()

    def add_gradients(self):
        """Adds this batch's gradients; False when one is NaN or infinite."""
        return all([layer.add_gradients() for layer in self.layers])

    def epoch_figures(self, samples, update_ratios, ranks):
        return [
            dict(layer=k + 1, **layer.figures(samples, ranks), updateRatio=ratio)
            for k, (layer, ratio) in enumerate(zip(self.layers, update_ratios))
        ]


class Layer:
    """One layer's figures over an epoch: an nn.Linear and the activation after it."""

    def __init__(self, modules, i, hidden):
        self.linear = modules[i]
        activation = modules[i + 1] if i + 1 < len(modules) else None
        self.watch_dead = isinstance(activation, nn.ReLU)
        self.flat = None  # a hidden tanh's or sigmoid's flat ends: outputs below low or above high
        if hidden and isinstance(activation, nn.Tanh):
            self.flat = (-0.99, 0.99)
        if hidden and isinstance(activation, nn.Sigmoid):
            self.flat = (0.01, 0.99)
        if self.watch_dead or self.flat:
            activation.register_forward_hook(self.watch)
        self.reset()

    def reset(self):
        self.batches = 0
        self.weight_sums = [0.0, 0.0, 0.0]  # over the batches: sum of mean |g|, max |g|, sum of mean g²
        self.bias_sums = [0.0, 0.0, 0.0]
        self.active = None  # per unit: whether its output was > 0 for some training sample
        self.saturated = 0

    def watch(self, module, inputs, output):
        """Runs after the activation's forward pass; counts training batches only."""
        if not module.training:
            return
        if self.watch_dead:
            active = (output > 0).any(dim=0)
            self.active = active if self.active is None else self.active | active
        if self.flat:
            low, high = self.flat
            self.saturated += ((output < low) | (output > high)).sum().item()

    def add_gradients(self):
        self.batches += 1
        for g, sums in ((self.linear.weight.grad, self.weight_sums), (self.linear.bias.grad, self.bias_sums)):
            sums[0] += g.abs().mean().item()
            sums[1] = max(sums[1], g.abs().max().item())
            sums[2] += (g * g).mean().item()
        return math.isfinite(self.weight_sums[2]) and math.isfinite(self.bias_sums[2])

    def figures(self, samples, ranks):
        """The epoch's figures; the forward pass's counts from every process (the gradients are the same in each)."""
        n, w, b, units = max(1, self.batches), self.weight_sums, self.bias_sums, self.linear.out_features
        dead = None
        if self.watch_dead:
            dead = 1 - (0 if self.active is None else ranks.any(self.active).sum().item()) / units
        return {
            "meanAbs": w[0] / n,
            "maxAbs": w[1],
            "rms": math.sqrt(w[2] / n),
            "biasMeanAbs": b[0] / n,
            "biasMaxAbs": b[1],
            "biasRms": math.sqrt(b[2] / n),
            "deadShare": dead,
            "saturatedShare": ranks.sum(self.saturated) / (samples * units) if self.flat else None,
        }`;

/** updateRatio and stepCosine: how far the optimizer moved the weights (StepTracker in src/core/train/steps.ts). */
export const WEIGHT_STEPS = `class WeightSteps:
    """How far the optimizer moved each layer's weights (not biases) this epoch, and which way.

    updateRatio: log10 of the root mean square over the epoch's batches of each step's L2 norm,
    ||w_after - w_before||, divided by the L2 norm of the weights after the epoch (about -3 is
    healthy). stepCosine: the cosine between this epoch's change of the weights and the previous
    epoch's, over up to DIRECTION_SAMPLE weights per layer, evenly spread: 1 for steady progress,
    -1 when the weights go back the way they came.
    """

    DIRECTION_SAMPLE = ${DIRECTION_SAMPLE}

    def __init__(self, model):
        self.weights = [linear.weight for linear in linears(model)]
        self.followed = [self.evenly_spread(weight) for weight in self.weights]
        self.previous_change = None

    def evenly_spread(self, weight):
        """The indices of up to DIRECTION_SAMPLE of a layer's weights, as NNSpec picks them."""
        n = weight.numel()
        m = min(n, self.DIRECTION_SAMPLE)
        step = n / max(1, m)
        return torch.tensor([math.floor(i * step) for i in range(m)], device=weight.device)

    def followed_weights(self):
        # NNSpec numbers a layer's weights [in][out], row by row: the order of weight.T flattened.
        return torch.cat([weight.detach().T.flatten()[i] for weight, i in zip(self.weights, self.followed)])

    def start_epoch(self):
        self.batches = 0
        self.step_squares = [0.0] * len(self.weights)  # per layer: the sum over the batches of ||step||²
        self.at_start = self.followed_weights()

    def before_step(self):
        self.before = [weight.detach().clone() for weight in self.weights]

    def after_step(self):
        self.batches += 1
        for k, (weight, before) in enumerate(zip(self.weights, self.before)):
            step = weight.detach() - before
            self.step_squares[k] += (step * step).sum().item()

    def end_epoch(self):
        """Per layer the log10 update ratio (None when nothing moved or the weights are all 0), and the step cosine."""
        ratios = []
        for squares, weight in zip(self.step_squares, self.weights):
            norm = weight.detach().norm().item()
            moved = self.batches > 0 and squares > 0 and norm > 0
            ratios.append(math.log10(math.sqrt(squares / self.batches) / norm) if moved else None)
        change = self.followed_weights() - self.at_start
        step_cosine = None if self.previous_change is None else cosine(change, self.previous_change)
        self.previous_change = change
        return ratios, step_cosine


def cosine(a, b):
    """The cosine of the angle between two vectors; None when either is 0."""
    aa, bb = (a * a).sum().item(), (b * b).sum().item()
    return (a * b).sum().item() / math.sqrt(aa * bb) if aa > 0 and bb > 0 else None`;

/** outputSpread (UnitActivity in src/core/train/unitActivity.ts). */
export const OUTPUT_SPREAD = `class OutputSpread:
    """How much the network's answers differ from input to input (probabilities for softmax and sigmoid).

    The mean over the output units of the standard deviation of the unit's answer over the
    epoch's training samples, each in its batch's forward pass: those of every k-th batch, k as
    large as still counts COUNTED_SAMPLES samples, so they spread over the epoch (every batch when
    the epoch has no more samples than that). Near 0: the same answer for every input.
    """

    COUNTED_SAMPLES = ${COUNTED_SAMPLES}

    def __init__(self, batch_size, batches_per_epoch):
        self.every = max(1, batches_per_epoch // math.ceil(self.COUNTED_SAMPLES / batch_size))

    def start_epoch(self):
        self.samples = 0
        self.sums = self.squares = None  # per output unit: the sum of its answers, and of their squares

    def add(self, batch, answers):
        """Counts the answers of the epoch's batch number batch (from 0), if it is one counted."""
        if batch % self.every != 0:
            return
        if self.sums is None:
            self.sums = self.squares = torch.zeros_like(answers[0])
        self.samples += len(answers)
        self.sums = running_sum(self.sums, answers)
        self.squares = running_sum(self.squares, answers * answers)

    def value(self):
        mean = self.sums / self.samples  # the epoch's first batch is always counted
        variance = (self.squares / self.samples - mean * mean).clamp(min=0)
        return variance.sqrt().mean().item()


def running_sum(total, rows):
    """total plus each row in turn, in NNSpec's order (on the CPU, cumsum adds one row after another).

    When the answers hardly differ, their spread is a small difference of two large sums, which
    shows the order of the additions: summed in another order, it can differ from NNSpec's in the
    9th digit.
    """
    return torch.cat((total.unsqueeze(0), rows)).cumsum(dim=0)[-1]`;

/** Weights in NNSpec's format (src/core/weights/weightsFile.ts) in and out of the model. */
export const WEIGHTS = `def linears(model):
    return [module for module in model if isinstance(module, nn.Linear)]


def load_weights(model, weights):
    """Copies weights in NNSpec's format ("init" files) into the model.

    NNSpec stores a layer's weights as [in][out], weights[i][j] from unit i below to unit j (the
    layout of Keras's kernels); nn.Linear keeps them as [out][in]: hence the transpose.
    """
    with torch.no_grad():
        for linear, layer in zip(linears(model), weights["layers"]):
            linear.weight.copy_(torch.tensor(layer["weights"], dtype=linear.weight.dtype).T)
            linear.bias.copy_(torch.tensor(layer["biases"], dtype=linear.bias.dtype))


def nnspec_weights(model):
    """The model's weights in NNSpec's format, for "nnspec train SPEC --init FILE"."""
    return {
        "layers": [
            {"weights": linear.weight.detach().T.tolist(), "biases": linear.bias.detach().tolist()}
            for linear in linears(model)
        ]
    }`;

/** How `nnspec train` stops when training diverges (the Trainer's fail()). */
export const DIVERGED = `def diverged(epoch, what):
    """Stops as "nnspec train" does when training diverges: a message and exit code 3."""
    print(
        f"Training diverged in epoch {epoch}: {what} became NaN or infinite. "
        f"Lower the learning rate (optimizer.learningRate, now {LEARNING_RATE}), e.g. to {LEARNING_RATE / 10}.",
        file=sys.stderr,
    )
    sys.exit(3)`;
