"""The `course` recipe of `worker quality` (docs/quality.md) in PyTorch, to tell a training gap of our engine from a
difference of judges: it trains the same ContextUnet on the same images with the same hyper-parameters as
`QualityRecipe.COURSE` resolves to, samples with the same DDIM, and writes the images as IDX files that
`worker score-images` scores with the platform's evaluator.

    /usr/bin/python3 worker/src/main/python/course_reference.py --data /work/main/.local/datasets/mnist \
        --steps 1000 --seed 0 --out .local/parity/torch-s0

The recipe, as the effective training spec of `worker quality --recipes course` resolves it (n_feat 32, batch 64):
ContextUnet of the DeepLearning.AI course "How Diffusion Models Work" with BatchNorm in the residual blocks
(momentum 0.1, eps 1e-5), GroupNorm(8) in up0 and out, the 1x1 shortcut registered (engine/src/test/python/
reference_models.py, imported rather than copied); linear betas 1e-4..0.02 over T = 500 0-based steps, t uniform
in 0..T-1 and the time input (t+1)/T; images as level/255*2-1; every step 64 images drawn uniformly with
replacement, each image's one-hot class dropped with probability 0.1; MSE on the noise; Adam 1e-3 with PyTorch's
betas and eps, constant rate, no weight decay, no clipping, no EMA. Sampling: eval mode (BatchNorm's running
statistics), DDIM with 25 trailing steps (499, 479, ..., 19), eta 0, x0 not clipped, guidance 1 (one conditional
pass), the classes cycling 0..9; the images are clipped to [-1, 1] and rounded to 8-bit levels as a PNG keeps them.

`--init djl` replaces PyTorch's default initialisation (kaiming_uniform a=sqrt(5): weight and bias uniform in
+-1/sqrt(fan_in)) by DJL's defaults (weight Xavier uniform, magnitude 6, averaged fans; bias 0), to test whether
the initialisation explains a gap. `--data-split training` trains on the evaluator's training part only (the
engine trains on every image). Standard output ends with `COURSE-RESULT {json}`.
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "engine", "src",
                                "test", "python"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from reference_models import ContextUnet  # noqa: E402

TIMESTEPS = 500
BETA_START, BETA_END = 1e-4, 0.02
CONDITION_DROPOUT = 0.1
LEARNING_RATE = 1e-3
HELD_OUT_FOLDS = 6
MASK64 = (1 << 64) - 1


def log(message):
    print(message, file=sys.stderr, flush=True)


def open_idx(folder, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return gzip.open(path, "rb") if name.endswith(".gz") else open(path, "rb")
    raise FileNotFoundError(os.path.join(folder, stem) + "[.gz]")


def read_idx(folder):
    with open_idx(folder, "images-idx3-ubyte") as f:
        magic, n, h, w = struct.unpack(">IIII", f.read(16))
        assert magic == 0x803, f"images magic {magic:#x}"
        images = np.frombuffer(f.read(n * h * w), dtype=np.uint8).reshape(n, 1, h, w)
    with open_idx(folder, "labels-idx1-ubyte") as f:
        magic, m = struct.unpack(">II", f.read(8))
        assert magic == 0x801 and m == n, f"labels magic {magic:#x}, {m} labels for {n} images"
        labels = np.frombuffer(f.read(m), dtype=np.uint8).astype(np.int64)
    return images, labels


def write_idx(folder, levels, labels):
    os.makedirs(folder, exist_ok=True)
    n, _, h, w = levels.shape
    with open(os.path.join(folder, "images-idx3-ubyte"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, h, w))
        f.write(levels.astype(np.uint8).tobytes())
    with open(os.path.join(folder, "labels-idx1-ubyte"), "wb") as f:
        f.write(struct.pack(">II", 0x801, n))
        f.write(labels.astype(np.uint8).tobytes())


def is_held_out(index):
    """HeldOutSplit.isHeldOut: the SplitMix64 finaliser of the index, modulo 6, equals 5."""
    z = ((index + 1) * 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return (z ^ (z >> 31)) % HELD_OUT_FOLDS == HELD_OUT_FOLDS - 1


def djl_init(model):
    """DJL's defaults: Xavier uniform +-sqrt(6 / ((fan_in + fan_out) / 2)) for weights, zero biases."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            weight = module.weight
            receptive = weight[0][0].numel()
            fan_in, fan_out = weight.shape[1] * receptive, weight.shape[0] * receptive
            bound = math.sqrt(6.0 / ((fan_in + fan_out) / 2.0))
            with torch.no_grad():
                weight.uniform_(-bound, bound)
                if module.bias is not None:
                    module.bias.zero_()


def schedule():
    betas = torch.linspace(BETA_START, BETA_END, TIMESTEPS, dtype=torch.float64)
    return torch.cumprod(1 - betas, 0)


def train(model, images, labels, classes, steps, batch_size, generator):
    alpha_bar = schedule().float()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    model.train()
    losses, started = [], time.perf_counter()
    for step in range(steps):
        index = torch.randint(0, images.shape[0], (batch_size,), generator=generator)
        x0 = images[index]
        context = F.one_hot(labels[index], classes).float()
        keep = (torch.rand(batch_size, generator=generator) >= CONDITION_DROPOUT).float()
        context = context * keep[:, None]
        t = torch.randint(0, TIMESTEPS, (batch_size,), generator=generator)
        noise = torch.randn(x0.shape, generator=generator)
        ab = alpha_bar[t][:, None, None, None]
        xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise
        loss = F.mse_loss(model(xt, ((t + 1).float() / TIMESTEPS)[:, None], context), noise)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if (step + 1) % 100 == 0 or step + 1 == steps:
            elapsed = time.perf_counter() - started
            log(f"step {step + 1}/{steps} loss {np.mean(losses[-100:]):.4f} {elapsed / (step + 1):.3f} s/step")
    return losses, time.perf_counter() - started


@torch.no_grad()
def sample_ddim(model, classes, per_class, sampler_steps, seed, size):
    """DdimSampler with trailing spacing, eta 0, no clipping; guidance 1 is one conditional pass."""
    alpha_bar = schedule()
    model.eval()
    n = classes * per_class
    labels = torch.arange(n) % classes
    context = F.one_hot(labels, classes).float()
    x = torch.randn((n, 1, size, size), generator=torch.Generator().manual_seed(seed))
    steps = [(k + 1) * TIMESTEPS // sampler_steps - 1 for k in range(sampler_steps - 1, -1, -1)]
    for i, t in enumerate(steps):
        ab = alpha_bar[t].item()
        ab_prev = alpha_bar[steps[i + 1]].item() if i + 1 < len(steps) else 1.0
        eps = model(x, torch.full((n, 1), (t + 1) / TIMESTEPS), context)
        x0 = (x - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
        x = math.sqrt(ab_prev) * x0 + math.sqrt(max(0.0, 1 - ab_prev)) * eps
    levels = ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).numpy()
    return levels, labels.numpy()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="IDX folder (images-idx3-ubyte[.gz], labels-idx1-ubyte[.gz])")
    parser.add_argument("--out", required=True, help="folder for the generated IDX files and result.json")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--features", type=int, default=32, help="n_feat")
    parser.add_argument("--images-per-class", type=int, default=20)
    parser.add_argument("--sampler-steps", type=int, default=25)
    parser.add_argument("--sample-seed", type=int, default=1234)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--init", choices=["pytorch", "djl"], default="pytorch")
    parser.add_argument("--data-split", choices=["all", "training"], default="all",
                        help="all images, as the engine trains (default), or the evaluator's training part")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    levels, labels = read_idx(args.data)
    if args.data_split == "training":
        keep = np.array([not is_held_out(i) for i in range(len(labels))])
        levels, labels = levels[keep], labels[keep]
    classes = int(labels.max()) + 1
    images = torch.from_numpy(levels.astype(np.float32) / 255 * 2 - 1)
    log(f"{len(labels)} images {tuple(images.shape[1:])}, {classes} classes, init {args.init}, seed {args.seed}")

    torch.manual_seed(args.seed)
    model = ContextUnet(1, n_feat=args.features, n_cfeat=classes, height=images.shape[2], norm="batch")
    if args.init == "djl":
        djl_init(model)
    losses, seconds = train(model, images, torch.from_numpy(labels), classes, args.steps, args.batch_size,
                            torch.Generator().manual_seed(args.seed + 1))
    sampled, sampled_labels = sample_ddim(model, classes, args.images_per_class, args.sampler_steps,
                                          args.sample_seed, images.shape[2])
    write_idx(args.out, sampled, sampled_labels)
    result = {"steps": args.steps, "seed": args.seed, "init": args.init, "data_split": args.data_split,
              "features": args.features, "batch_size": args.batch_size, "threads": args.threads,
              "train_seconds": round(seconds, 1), "seconds_per_step": round(seconds / args.steps, 4),
              "last_loss": float(np.mean(losses[-50:])), "images": int(len(sampled_labels)),
              "torch": torch.__version__}
    with open(os.path.join(args.out, "result.json"), "w") as f:
        json.dump(result, f, indent=2)
    print("COURSE-RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
