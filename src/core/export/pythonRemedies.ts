/**
 * The remedies for overfitting in train.py: dropout that replays NNSpec's own masks
 * (src/core/nn/dropout.ts) and early stopping on the validation loss
 * (src/core/train/earlyStopping.ts). Each mirrors its core file; npm run test:torch checks that
 * the two train to the same numbers epoch by epoch.
 */

/** Dropout as NNSpec draws it, from NNSpecRandom, instead of nn.Dropout's own random masks. */
export const DROPOUT = `class ReplayedDropout(nn.Module):
    """Inverted dropout with NNSpec's masks (src/core/nn/dropout.ts), not nn.Dropout's.

    nn.Dropout draws its masks from PyTorch's generator, so its runs cannot match NNSpec's. This
    module multiplies by the mask draw_masks() gave it for the batch: each output kept (times
    1/(1 - rate)) or set to 0. In model.eval() (validation, ONNX) it passes its input unchanged,
    as nn.Dropout does.
    """

    def __init__(self, rate, units):
        super().__init__()
        self.rate, self.units = rate, units
        self.mask = None

    def forward(self, x):
        if not self.training or self.mask is None:
            return x
        return x * self.mask


def draw_masks(model, random, rows, ranks, dtype, device):
    """This batch's dropout masks, drawn as NNSpec draws them.

    After the epoch's shuffle, for each batch: the layers with dropout from the input side up,
    in each one draw per output, sample by sample and unit by unit; an output is dropped when its
    draw is below the rate. The whole batch's masks are drawn (so the stream stays NNSpec's), and
    each process keeps its share of the rows.
    """
    for module in model:
        if isinstance(module, ReplayedDropout):
            kept = 1 / (1 - module.rate)
            values = [0.0 if random.next() < module.rate else kept for _ in range(rows * module.units)]
            mask = torch.tensor(values, dtype=dtype, device=device).reshape(rows, module.units)
            module.mask = ranks.share(mask)`;

/** Early stopping as src/core/train/earlyStopping.ts decides it. */
export const EARLY_STOPPING = `class EarlyStopping:
    """Stops once the validation loss has not improved for PATIENCE epochs (NNSpec's rule).

    An epoch improves when its validation loss (the one printed as valLoss) is below the best so
    far minus MIN_DELTA; training stops after the epoch PATIENCE epochs past the best one. With
    RESTORE_BEST the best epoch's weights are put back at the end.
    """

    def __init__(self, model):
        self.model = model
        self.best_epoch, self.best_loss, self.kept = None, None, None

    def end_epoch(self, epoch, val_loss):
        """True when training should stop after this epoch."""
        if self.best_loss is None or val_loss < self.best_loss - MIN_DELTA:
            self.best_epoch, self.best_loss = epoch, val_loss
            if RESTORE_BEST:
                self.kept = copy.deepcopy(self.model.state_dict())
        return epoch - self.best_epoch >= PATIENCE

    def finish(self):
        if RESTORE_BEST and self.kept is not None:
            self.model.load_state_dict(self.kept)`;
