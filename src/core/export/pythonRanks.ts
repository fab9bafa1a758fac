/**
 * The exported script on several processes: run as `torchrun --nproc_per_node=N train.py`, each
 * process (rank) takes its share of every batch (consecutive rows, in NNSpec's order: rank r
 * the rows from ⌊n·r/N⌋ to ⌊n·(r+1)/N⌋, so the shares differ by a row at most and a batch that
 * does not divide is fine), and PyTorch's DistributedDataParallel averages the gradients over
 * the processes. Each process scales its mean loss by its share of the batch times N, so that
 * average is exactly the gradient of the whole batch's mean loss, as one process computes it.
 * The epoch's figures are summed (loss, correct answers, saturated outputs), or-ed (live ReLU
 * units) or gathered (the answers the output spread reads) over the processes; only rank 0
 * prints and writes. gloo on the CPU, NCCL on CUDA GPUs, one GPU a process. Run as
 * `python3 train.py`, it is one process and none of this does anything.
 */
export const RANKS = `class Ranks:
    """The processes torchrun started (WORLD_SIZE, RANK, LOCAL_RANK), or just this one."""

    def __init__(self, device):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.main = self.rank == 0
        self.device = device
        if self.world > 1:
            if device.type == "cuda":
                self.device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
                torch.cuda.set_device(self.device)
            torch.distributed.init_process_group("nccl" if device.type == "cuda" else "gloo")

    def wrap(self, model):
        """The model that trains: DistributedDataParallel over the processes, or the model itself."""
        if self.world == 1:
            return model
        ids = [self.device.index] if self.device.type == "cuda" else None
        return nn.parallel.DistributedDataParallel(model, device_ids=ids)

    def share(self, rows):
        """This process's consecutive share of a batch's rows."""
        n = len(rows)
        return rows[n * self.rank // self.world : n * (self.rank + 1) // self.world]

    def sum(self, value):
        """A number summed over the processes (in float64, or as an integer)."""
        if self.world == 1:
            return value
        total = torch.tensor([value], dtype=torch.float64 if isinstance(value, float) else torch.int64, device=self.device)
        torch.distributed.all_reduce(total)
        return total.item()

    def any(self, flags):
        """Per entry, whether it is True in some process."""
        if self.world == 1:
            return flags
        seen = flags.to(torch.int64)
        torch.distributed.all_reduce(seen, op=torch.distributed.ReduceOp.MAX)
        return seen > 0

    def gather(self, rows):
        """Every process's rows, in rank order: the whole batch's, in NNSpec's order."""
        if self.world == 1:
            return rows
        sizes = [torch.zeros(1, dtype=torch.int64, device=self.device) for _ in range(self.world)]
        torch.distributed.all_gather(sizes, torch.tensor([len(rows)], device=self.device))
        largest = max(int(s.item()) for s in sizes)
        padded = torch.zeros((largest, *rows.shape[1:]), dtype=rows.dtype, device=rows.device)
        padded[: len(rows)] = rows
        parts = [torch.zeros_like(padded) for _ in range(self.world)]
        torch.distributed.all_gather(parts, padded)
        return torch.cat([part[: int(size.item())] for part, size in zip(parts, sizes)])

    def close(self):
        """Waits for every process to finish training. The group is not destroyed: gloo's
        destroy_process_group can wait forever for a peer that already left, and exiting frees it."""
        if self.world > 1:
            torch.distributed.barrier()`;
