"""The same VideoMAE V2 pre-training step as `videomae bench step`, in PyTorch with bf16 autocast, for a ratio from
one run on one GPU. The model is the official VideoMAE V2 code (OpenGVLab/VideoMAEv2, models/), which the GPU kit
carries in videomaev2/; nothing of it is part of this project. Prints one JSON object.

The step: tube masking (90 %) for the encoder, then either every hidden token reconstructed (encoder-only masking)
or half of all tokens (running-cell dual masking, ratio 0.5); targets normalised per patch from the pixels; MSE
loss; backward; AdamW on float32 parameters. Maskings alternate step by step, as in ours.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

MODELS = {  # preset: (official constructor, tubelet, patch, frames, size, our preset name)
    "base": ("pretrain_videomae_base_patch16_224", 2, 16, 16, 224, "vit-b"),
    "giant": ("pretrain_videomae_giant_patch14_224", 2, 14, 16, 224, "vit-g"),
}


def tube_mask(batch, frames, side, ratio, device):
    """True = hidden from the encoder; the same spatial positions in every temporal slice."""
    spatial = side * side
    visible = spatial - int(ratio * spatial)
    keep = torch.rand(batch, spatial, device=device).argsort(dim=1)[:, :visible]
    hidden = torch.ones(batch, spatial, dtype=torch.bool, device=device)
    hidden.scatter_(1, keep, False)
    return hidden.unsqueeze(1).expand(batch, frames, spatial).reshape(batch, -1)


def decoded_mask(batch, tokens, count, device):
    """The official forward's decode_mask: True = not reconstructed; `count` tokens per clip are reconstructed."""
    chosen = torch.rand(batch, tokens, device=device).argsort(dim=1)[:, :count]
    mask = torch.ones(batch, tokens, dtype=torch.bool, device=device)
    mask.scatter_(1, chosen, False)
    return mask


def patch_targets(video, tubelet, patch):
    """Pixels per token, normalised per patch (mean 0, variance 1 over each tubelet's pixels of each channel)."""
    b, c, t, h, w = video.shape
    x = video.reshape(b, c, t // tubelet, tubelet, h // patch, patch, w // patch, patch)
    x = x.permute(0, 2, 4, 6, 3, 5, 7, 1).reshape(b, -1, tubelet * patch * patch, c)
    x = (x - x.mean(dim=-2, keepdim=True)) / (x.var(dim=-2, unbiased=True, keepdim=True).sqrt() + 1e-6)
    return x.reshape(b, x.shape[1], -1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kit", required=True)
    parser.add_argument("--model", default="base", choices=sorted(MODELS))
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()

    sys.path.insert(0, os.path.join(args.kit, "videomaev2"))
    import models  # the official package: models/__init__.py registers the constructors

    name, tubelet, patch, frames, size, ours = MODELS[args.model]
    device = torch.device("cuda")
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    torch.manual_seed(0)
    model = getattr(models, name)(decoder_depth=4, all_frames=frames, tubelet_size=tubelet).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), weight_decay=0.05)
    side = size // patch
    tokens = (frames // tubelet) * side * side
    video = torch.randn(args.batch, 3, frames, size, size, device=device)
    targets = patch_targets(video, tubelet, patch)
    hidden = tube_mask(args.batch, frames // tubelet, side, 0.9, device)
    maskings = {
        "none": None,  # the official forward reconstructs every hidden token
        "running-cell": decoded_mask(args.batch, tokens, tokens // 2, device),
    }

    def step(decode_mask):
        torch.cuda.synchronize()
        start = time.perf_counter()
        with torch.autocast("cuda", dtype=torch.bfloat16):
            out = model(video, hidden, decode_mask)
        reconstructed = hidden if decode_mask is None else ~decode_mask
        target = targets[reconstructed].reshape(args.batch, -1, targets.shape[-1])
        loss = F.mse_loss(out.float(), target)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        torch.cuda.synchronize()
        return time.perf_counter() - start

    results = {}
    for label, mask in maskings.items():
        for _ in range(args.warmup):
            step(mask)
        torch.cuda.reset_peak_memory_stats()
        before = torch.cuda.memory_allocated()
        step(mask)
        results[label] = {"peak_memory_mb": round((torch.cuda.max_memory_allocated() - before) / 2**20, 1), "times": []}
    for _ in range(args.steps):
        for label, mask in maskings.items():
            results[label]["times"].append(step(mask))
    rows = []
    for label, r in results.items():
        median = statistics.median(r["times"])
        rows.append({"model": ours, "official_constructor": name, "decoder_mask": label, "batch": args.batch, "steps": args.steps,
                     "median_step_seconds": round(median, 5), "clips_per_second": round(args.batch / median, 3),
                     "peak_memory_mb": r["peak_memory_mb"], "memory_counter": "torch.cuda.max_memory_allocated above the step's start"})
    print(json.dumps({
        "results": rows,
        "speedup_vs_none": {r["decoder_mask"]: round(rows[0]["median_step_seconds"] / r["median_step_seconds"], 3) for r in rows},
        "machine": torch.cuda.get_device_name(0), "torch": torch.__version__, "precision": "bf16 autocast, float32 parameters",
        "attention": "the official code's own (q @ k^T, softmax, @ v)",
    }, indent=2))


if __name__ == "__main__":
    main()
