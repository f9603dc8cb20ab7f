"""PyTorch reference of `worker bench`: the same ContextUnet (DeepLearning.AI course "How Diffusion Models Work")
and settings, measured with the system's PyTorch (Debian's python3-torch) so the bench can report ratios
ours/PyTorch.

    /usr/bin/python3 bench_reference.py train-step|forward [--features 64] [--batch-size 64]
        [--steps 10] [--warmup 2] [--timesteps 500] [--threads N]

One measurement per process, like the Java probes, so that ru_maxrss belongs to it alone. Logs go to
standard error; standard output ends with `BENCH-VERSION {json}` and `BENCH-RESULT {json}`.

The network is the one of the test fixtures (engine/src/test/python/reference_models.py), imported
from there rather than copied.
"""
import argparse
import json
import os
import re
import resource
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "engine", "src", "test", "python"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from reference_models import ContextUnet  # noqa: E402

CLASSES = 10
IMAGE_SIZE = 28
# the worker's training defaults that the bench trainer uses (BenchProbes.trainer)
LEARNING_RATE = 1e-3
GRAD_CLIP_NORM = 1.0
EMA_DECAY = 0.995
CONDITION_DROPOUT = 0.1


def log(message):
    print(message, file=sys.stderr, flush=True)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # Linux: KiB


def onednn_version():
    found = re.search(r"MKL-DNN (v[0-9.]+)|oneDNN (v[0-9.]+)", torch.__config__.show())
    return next((g for g in found.groups() if g), "unknown") if found else "unknown"


def model(features):
    torch.manual_seed(1)
    return ContextUnet(1, n_feat=features, n_cfeat=CLASSES, height=IMAGE_SIZE, norm="group")


def timing(seconds):
    return {"median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds),
            "peak_rss_mb": peak_rss_mb()}


def train_step(args):
    """Adam, MSE on the noise, global-norm clipping, EMA and context dropout, as DiffusionTrainer."""
    net = model(args.features)
    net.train()
    total = args.warmup + args.steps
    optimizer = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE)
    decay = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: max(0.0, 1 - step / total))
    ema = [p.detach().clone() for p in net.parameters()]
    betas = torch.linspace(1e-4, 0.02, args.timesteps)
    alpha_bar = torch.cumprod(1 - betas, 0)
    data = torch.rand(1024, 1, IMAGE_SIZE, IMAGE_SIZE) * 2 - 1
    labels = torch.randint(0, CLASSES, (1024,))
    seconds = []
    for i in range(total):
        start = time.perf_counter()
        index = torch.randint(0, data.shape[0], (args.batch_size,))
        x0 = data[index]
        context = F.one_hot(labels[index], CLASSES).float()
        context[torch.rand(args.batch_size) < CONDITION_DROPOUT] = 0
        t = torch.randint(0, args.timesteps, (args.batch_size,))
        noise = torch.randn_like(x0)
        ab = alpha_bar[t].view(-1, 1, 1, 1)
        xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise
        loss = F.mse_loss(net(xt, ((t + 1).float() / args.timesteps)[:, None], context), noise)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), GRAD_CLIP_NORM)
        optimizer.step()
        decay.step()
        with torch.no_grad():
            d = min(EMA_DECAY, (1.0 + i + 1) / (10.0 + i + 1))
            for shadow, p in zip(ema, net.parameters()):
                shadow.mul_(d).add_(p.detach(), alpha=1 - d)
        elapsed = time.perf_counter() - start
        phase = "warm-up step %d/%d" % (i + 1, args.warmup) if i < args.warmup \
            else "train step %d/%d" % (i + 1 - args.warmup, args.steps)
        log("%s: %.3f s, loss %.4f" % (phase, elapsed, loss.item()))
        if i >= args.warmup:
            seconds.append(elapsed)
    return timing(seconds)


def forward(args):
    """No-grad forward passes of the conditional network, as one unguided sampling step runs it."""
    net = model(args.features)
    net.eval()
    torch.manual_seed(7)
    x = torch.randn(args.batch_size, 1, IMAGE_SIZE, IMAGE_SIZE)
    context = F.one_hot(torch.arange(args.batch_size) % CLASSES, CLASSES).float()
    seconds = []
    with torch.no_grad():
        for i in range(args.warmup + args.steps):
            t = args.timesteps - 1 - i % args.timesteps
            start = time.perf_counter()
            eps = net(x, torch.full((args.batch_size, 1), (t + 1) / args.timesteps), context)
            elapsed = time.perf_counter() - start
            x = x - 0.001 * eps
            if i >= args.warmup:
                seconds.append(elapsed)
            log("forward %d/%d: %.3f s" % (i + 1, args.warmup + args.steps, elapsed))
    return timing(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["train-step", "forward"])
    parser.add_argument("--features", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--timesteps", type=int, default=500)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)  # as the Java probes (-Dai.djl.pytorch.num_interop_threads=1)
    torch.manual_seed(1)
    result = train_step(args) if args.kind == "train-step" else forward(args)
    result["threads"] = float(torch.get_num_threads())
    print("BENCH-VERSION " + json.dumps({"torch": torch.__version__, "onednn": onednn_version(),
                                         "python": sys.version.split()[0]}))
    print("BENCH-RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
