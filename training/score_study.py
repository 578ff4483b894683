"""Study of the noise score's settings on one half of the protocol (see ``study_data``), with exported ONNX models.

    python -m training.score_study --model=models/default --half=selection --out=docs/studies/default.json
    python -m training.score_study --model=RUN/ae.pt,RUN/ldm.pt ...      # PyTorch checkpoints (EMA) instead of ONNX

For each variant (diffusion start t, DDIM step interval, K draws, how draws are combined, global or minimum local
PSNR) it scores every protocol lead of the half with ``--seeds`` global seeds and reports, per variant: the median
clean PSNR, the z-scored W1 per noise type and its macro mean, the AUROC of any noise vs clean, and the per-lead
spread over seeds (max - min PSNR, median and max over leads). Combining draws: ``mse`` averages the K MSEs before
the PSNR; ``image`` averages the K reconstructions (float) and scores the mean image; ``latent`` averages the K
denoised latents and decodes the mean once (one decoder call instead of K).

The reverse process is the engine's: z = encoder(image) x scaling_factor, z_t = sqrt(abar_t) z + sqrt(1 - abar_t)
eps, DDIM (eta 0, x0 clipped to the model card's range) over t, t - k, ..., 0, decoder(z / scaling_factor),
uint8 by truncation. t = 0 is the autoencoder alone. Noise is drawn from torch generators seeded by
(seed, draw), so results differ from the engine's content-keyed draws only in which draw a lead gets.
"""
from __future__ import annotations

import json
import os
import sys
import time

import numpy as np
import onnxruntime as ort
from scipy.signal import resample_poly
import torch
from scipy.stats import rankdata, wasserstein_distance

from .artefacts import contract, em_proxy, mix_at_snr, nstdb_noise
from .data import scalogram_images
from .schedulers import DDIM
from .study_data import NOISE_TYPES, protocol_images, protocol_leads

DATA_NPZ = "../shared/data/ptbxl/ptbxl_subset_100hz.npz"
DATA_CSV = "../shared/data/ptbxl/ptbxl_subset.csv"


class OnnxLdm:
    """The three graphs of an exported LDM (model.json contract) on onnxruntime's CPU provider."""

    def __init__(self, model_dir: str, threads: int = 1):
        self.meta = json.load(open(os.path.join(model_dir, "model.json")))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        self.sess = {k: ort.InferenceSession(os.path.join(model_dir, g["file"]), opts,
                                             providers=["CPUExecutionProvider"]) for k, g in self.meta["graphs"].items()}
        self.scale = float(self.meta["scaling_factor"])
        s = self.meta["scheduler"]
        self.sched = DDIM(s["num_train_timesteps"], s["beta_start"], s["beta_end"])
        self.clip = tuple(s["ddim"].get("clip_range", [-1, 1])) if s["ddim"]["clip_sample"] else None

    def encode(self, x: np.ndarray) -> np.ndarray:
        return self.sess["encoder"].run(None, {"image": x})[0]

    def decode(self, z: np.ndarray) -> np.ndarray:
        return self.sess["decoder"].run(None, {"latent": z})[0]

    def eps(self, z: np.ndarray, t: int) -> np.ndarray:
        return self.sess["unet"].run(None, {"sample": z, "timestep": np.full(len(z), t, np.int64)})[0]

    def ddim_step(self, x: np.ndarray, step: int, prev: int) -> np.ndarray:
        ac = self.sched.alphas_cumprod.numpy()
        e = self.eps(x, step).astype(np.float64)
        a, a_prev = ac[step], (ac[prev] if prev >= 0 else 1.0)
        x0 = (x - np.sqrt(1 - a) * e) / np.sqrt(a)
        if self.clip:
            x0 = np.clip(x0, *self.clip)
        return (np.sqrt(a_prev) * x0 + np.sqrt(1 - a_prev) * e).astype(np.float32)

    def denoise(self, z0: np.ndarray, noise: np.ndarray, t: int, interval: int, inpaint: dict | None = None) -> np.ndarray:
        """Scaled latents z0 -> noised to t -> DDIM to 0 (float64 arithmetic as the engine's scheduler).

        ``inpaint`` = {rows, t_high, interval_high}: first regenerate latent rows ``rows`` from level t_high down to t
        with DDIM while the other rows are held at z0 noised with the same noise (replacement inpainting, as RePaint
        without resampling), then continue as usual from t."""
        if t == 0 and not inpaint:
            return z0
        ac = self.sched.alphas_cumprod.numpy()
        z64 = z0.astype(np.float64)
        noised = lambda level: (np.sqrt(ac[level]) * z64 + np.sqrt(1 - ac[level]) * noise).astype(np.float32)
        if inpaint:
            mask = np.zeros(z0.shape, bool)
            mask[:, :, inpaint["rows"], :] = True
            x = noised(inpaint["t_high"])
            for step in range(inpaint["t_high"], t, -inpaint["interval_high"]):
                prev = max(t, step - inpaint["interval_high"])
                x = np.where(mask, self.ddim_step(x, step, prev), noised(prev))
        else:
            x = noised(t)
        for step in range(t, -1, -interval):
            x = self.ddim_step(x, step, step - interval)
        return x


class TorchLdm(OnnxLdm):
    """The same interface over PyTorch checkpoints (EMA weights): ``ae.pt`` and an ``ldm.pt`` or an LDM snapshot."""

    def __init__(self, ae_path: str, ldm_path: str):
        from .config import config_from_dict
        from .train import build_model
        ae_ck = torch.load(ae_path, map_location="cpu", weights_only=False)
        ldm_ck = torch.load(ldm_path, map_location="cpu", weights_only=False)
        cfg = config_from_dict(ldm_ck["config"])
        self.ae, self.unet = build_model(cfg, "ae"), build_model(cfg, "ldm")
        self.ae.load_state_dict(ae_ck["ema"])
        self.unet.load_state_dict(ldm_ck["ema"])
        self.ae.eval(), self.unet.eval()
        self.scale = float(cfg.scaling_factor)
        self.sched = DDIM(cfg.num_train_timesteps, cfg.beta_start, cfg.beta_end)
        self.clip = (-1.0, 1.0)
        self.meta = {"graphs": {}, "step": ldm_ck["step"], "wall_s": ldm_ck["wall_s"]}

    @torch.no_grad()
    def encode(self, x: np.ndarray) -> np.ndarray:
        return self.ae.encode(torch.from_numpy(x)).numpy()

    @torch.no_grad()
    def decode(self, z: np.ndarray) -> np.ndarray:
        return self.ae.decode(torch.from_numpy(np.ascontiguousarray(z, np.float32))).numpy()

    @torch.no_grad()
    def eps(self, z: np.ndarray, t: int) -> np.ndarray:
        return self.unet(torch.from_numpy(z), torch.full((len(z),), t, dtype=torch.long)).numpy()


def to_uint8(x: np.ndarray) -> np.ndarray:
    """Model output -> uint8 image by truncation (the engine's modelOutputToImage)."""
    return np.clip((x + 1.0) * 127.5 + 0.5, 0, 255).astype(np.uint8)


def psnr_of_mse(mse: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.minimum(10 * np.log10(255.0 ** 2 / mse), 100.0)


def squared_errors(original: np.ndarray, recon_u8: np.ndarray, partitions: int) -> tuple[np.ndarray, np.ndarray]:
    """(global MSE (N,), MSE per time partition (N, P)) between uint8 images (N, 32, 256)."""
    d = (original.astype(np.float64) - recon_u8.astype(np.float64)) ** 2
    return d.mean(axis=(1, 2)), d.reshape(len(d), 32, partitions, -1).mean(axis=(1, 3))


def reconstruct_mse(model: OnnxLdm, images_u8: np.ndarray, latents: np.ndarray, t: int, interval: int, draws: int,
                    combine: str, seed: int, partitions: int = 8, batch: int = 256,
                    antithetic: bool = False, inpaint: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(global MSE, partition MSE) per lead for one variant and global seed; ``antithetic`` pairs each odd draw's
    noise with the negated noise of the draw before it."""
    n = len(images_u8)
    g_all, p_all = np.zeros(n), np.zeros((n, partitions))
    for s in range(0, n, batch):
        z0, orig = latents[s:s + batch], images_u8[s:s + batch]
        acc_img, acc_g, acc_p = None, 0.0, 0.0
        for k in range(draws):
            if antithetic and k % 2 == 1:
                noise = -noise  # the pair of draw k - 1: first-order noise effects cancel in the mean
            else:
                gen = torch.Generator().manual_seed(1_000_003 * seed + 7919 * k + s)
                noise = torch.randn(z0.shape, generator=gen, dtype=torch.float64).numpy()
            denoised = model.denoise(z0, noise, t, interval, inpaint)
            if combine == "latent":  # mean denoised latent, decoded once below
                acc_img = denoised.astype(np.float64) if acc_img is None else acc_img + denoised
                continue
            recon = model.decode(denoised / np.float32(model.scale))[:, 0]
            if combine == "image":
                acc_img = recon.astype(np.float64) if acc_img is None else acc_img + recon
            else:
                g, p = squared_errors(orig, to_uint8(recon), partitions)
                acc_g, acc_p = acc_g + g, acc_p + p
            if t == 0 and not inpaint:
                break  # deterministic: one draw is all draws
        if combine == "latent":
            mean = (acc_img / (k + 1)).astype(np.float32)
            g, p = squared_errors(orig, to_uint8(model.decode(mean / np.float32(model.scale))[:, 0]), partitions)
        elif combine == "image":
            g, p = squared_errors(orig, to_uint8((acc_img / (k + 1)).astype(np.float32)), partitions)
        else:
            g, p = acc_g / (k + 1), acc_p / (k + 1)
        g_all[s:s + batch], p_all[s:s + batch] = g, p
    return g_all, p_all


def zscored_w1(u: np.ndarray, v: np.ndarray) -> float:
    both = np.concatenate([u, v])
    m, sd = both.mean(), both.std() or 1.0
    return float(wasserstein_distance((u - m) / sd, (v - m) / sd))


def auroc(noisy_scores: np.ndarray, clean_scores: np.ndarray) -> float:
    """P(noisy score > clean score), ties half (scores: higher = noisier)."""
    r = rankdata(np.concatenate([noisy_scores, clean_scores]))
    n1, n0 = len(noisy_scores), len(clean_scores)
    return float((r[:n1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def separation(psnr: np.ndarray, groups: list[tuple[str, ...]]) -> dict:
    """W1 per noise type, macro W1, AUROC (any noise vs clean; -PSNR as the score), median clean PSNR."""
    clean = psnr[[("clean" in g) for g in groups]]
    out = {"median_clean_db": float(np.median(clean))}
    for t in NOISE_TYPES:
        out[f"w1_{t}"] = zscored_w1(clean, psnr[[(t in g) for g in groups]])
    out["macro_w1"] = float(np.mean([out[f"w1_{t}"] for t in NOISE_TYPES]))
    anyn = psnr[[any(t in g for t in NOISE_TYPES) for g in groups]]
    out["auroc_any"] = auroc(-anyn, -clean)
    return out


def bootstrap(psnr: np.ndarray, groups: list, ecg_ids: list[int], n: int = 1000, seed: int = 0) -> dict:
    """95 % percentile intervals of ``separation``'s figures, resampling records (a record's leads stay together)."""
    rng = np.random.default_rng(seed)
    ids = np.asarray(ecg_ids)
    uniq = np.unique(ids)
    rows_of = {r: np.flatnonzero(ids == r) for r in uniq}
    draws = []
    for _ in range(n):
        idx = np.concatenate([rows_of[r] for r in rng.choice(uniq, len(uniq))])
        draws.append(separation(psnr[idx], [groups[i] for i in idx]))
    return {k: [float(np.percentile([d[k] for d in draws], 2.5)), float(np.percentile([d[k] for d in draws], 97.5))]
            for k in draws[0]}


ARTEFACT_KINDS = ("em_proxy", "ma", "bw", "mitdb_em_proxy")
MITDB = "../shared/data/mitdb"


def mitdb_windows(records: tuple[str, ...] = ("118", "119"), per_record: int = 12, fs_hz: int = 100) -> list[np.ndarray]:
    """10-s windows (mV, resampled 360 -> ``fs_hz``) of both leads of MIT-BIH records, evenly spaced over 30 min: the
    records NSTDB corrupts with electrode motion (118e*, 119e*)."""
    from .artefacts import read_212
    out = []
    for rec in records:
        x = resample_poly(read_212(os.path.join(MITDB, f"{rec}.dat"), 2).astype(np.float64) / 200.0, 5, 18, axis=1)
        n = 10 * fs_hz
        for start in np.linspace(0, x.shape[1] - n, per_record).round().astype(int):
            out.extend([x[0, start:start + n], x[1, start:start + n]])
    return out


def artefact_images(half: str, n_leads: int, snr_db: float, cache_dir: str = "runs/cache") -> dict:
    """Per artefact kind, uint8 images (clean, noisy) of leads through the input contract: ``n_leads`` clean fold-9 PTB-XL
    leads of ``half`` (evenly spaced) with em_proxy / ma / bw added at ``snr_db``, and MIT-BIH 118/119 windows with
    em_proxy added (one noise segment per lead, seeded)."""
    path = os.path.join(cache_dir, f"artefacts_{half}_{n_leads}_{snr_db:g}_v2.pt")
    if os.path.exists(path):
        return torch.load(path)
    clean_leads = [(i, lead) for i, lead, g in protocol_leads(DATA_NPZ, DATA_CSV, half) if "clean" in g]
    pick = [clean_leads[j] for j in np.linspace(0, len(clean_leads) - 1, n_leads).round().astype(int)]
    npz = np.load(DATA_NPZ)
    fs = int(npz["fs"])
    all_signals = npz["signals"]  # each npz[key] access decompresses the whole array
    ptbxl = [all_signals[i, lead].astype(np.float64) for i, lead in pick]
    rng = np.random.default_rng(20261202)
    noise = {k: nstdb_noise(k, fs) for k in ("bw", "ma")}

    def images(signals: list[np.ndarray], desc: str) -> torch.Tensor:
        return scalogram_images(np.stack([contract(x, fs) for x in signals]).astype(np.float32), fs, desc=desc)

    def noisy(signals: list[np.ndarray], kind: str) -> list[np.ndarray]:
        out = []
        for j, x in enumerate(signals):
            if kind == "em_proxy":
                segment = em_proxy(len(x), fs, rng)
            else:
                start = int(rng.integers(0, noise[kind].shape[1] - len(x)))
                segment = noise[kind][j % 2, start:start + len(x)]
            out.append(mix_at_snr(x, segment, snr_db))
        return out

    clean = images(ptbxl, "clean")
    out = {kind: (clean, images(noisy(ptbxl, kind), kind)) for kind in ("em_proxy", "ma", "bw")}
    mit = mitdb_windows(fs_hz=fs)
    out["mitdb_em_proxy"] = (images(mit, "mitdb"), images(noisy(mit, "em_proxy"), "mitdb+em"))
    os.makedirs(cache_dir, exist_ok=True)
    torch.save(out, path)
    return out


def artefact_drops(model: "OnnxLdm", art: dict, v: dict) -> dict:
    """Median PSNR drop (clean - mix, dB) per artefact kind and the fraction of leads whose PSNR fell."""
    def psnr_of(images: torch.Tensor) -> np.ndarray:
        u8 = images.numpy()
        x = (u8.astype(np.float32) / 127.5 - 1.0)[:, None]
        lat = model.encode(x) * np.float32(model.scale)
        g, _ = reconstruct_mse(model, u8, lat, v["t"], v["interval"], v["draws"], v["combine"], seed=0,
                               antithetic=v.get("antithetic", False), inpaint=v.get("inpaint"))
        return psnr_of_mse(g)
    out = {}
    for kind in ARTEFACT_KINDS:
        clean_images, noisy_images = art[kind]
        clean = psnr_of(clean_images)
        drop = clean - psnr_of(noisy_images)
        out[kind] = dict(median_drop_db=float(np.median(drop)), frac_fell=float((drop > 0).mean()),
                         median_clean_db=float(np.median(clean)))
    return out


DEFAULT_VARIANTS = [
    dict(t=0, interval=1, draws=1, combine="mse"),
    dict(t=2, interval=2, draws=1, combine="mse"),
    dict(t=5, interval=5, draws=1, combine="mse"),
    dict(t=10, interval=10, draws=1, combine="mse"),
    dict(t=15, interval=5, draws=1, combine="mse"),
    dict(t=20, interval=10, draws=1, combine="mse"),
    dict(t=30, interval=10, draws=1, combine="mse"),
]


def run_study(model_dir: str, half: str, variants: list[dict], seeds: int, spread_leads: int, threads: int,
              artefact_leads: int = 120, artefact_snr_db: float = -6.0) -> dict:
    data = protocol_images(DATA_NPZ, DATA_CSV, half)
    art = artefact_images(half, artefact_leads, artefact_snr_db) if artefact_leads else None
    images = data["images"].numpy()
    groups = [g for _, _, g in data["leads"]]
    model = OnnxLdm(model_dir, threads) if os.path.isdir(model_dir) else TorchLdm(*model_dir.split(","))
    x = (images.astype(np.float32) / 127.5 - 1.0)[:, None]
    latents = np.concatenate([model.encode(x[s:s + 256]) for s in range(0, len(x), 256)]) * np.float32(model.scale)
    # spread: a fixed, evenly spaced sample of leads, scored with every seed
    spread_idx = np.linspace(0, len(images) - 1, min(spread_leads, len(images))).round().astype(int)
    results = []
    for v in variants:
        t0 = time.time()
        g, p = reconstruct_mse(model, images, latents, v["t"], v["interval"], v["draws"], v["combine"], seed=0,
                              antithetic=v.get("antithetic", False), inpaint=v.get("inpaint"))
        res = dict(v, leads=len(images), seconds_all_leads=round(time.time() - t0, 1))
        for name, psnr in (("global", psnr_of_mse(g)), ("min_local", psnr_of_mse(p.max(axis=1)))):
            res[name] = separation(psnr, groups)
        per_seed = [psnr_of_mse(g[spread_idx])]
        for seed in range(1, seeds if v["t"] > 0 or v.get("inpaint") else 1):
            gs, _ = reconstruct_mse(model, images[spread_idx], latents[spread_idx], v["t"], v["interval"], v["draws"],
                                    v["combine"], seed=seed, antithetic=v.get("antithetic", False), inpaint=v.get("inpaint"))
            per_seed.append(psnr_of_mse(gs))
        spread = np.ptp(np.stack(per_seed), axis=0)
        res["spread_db"] = dict(leads=len(spread_idx), seeds=len(per_seed), median=float(np.median(spread)),
                                p95=float(np.percentile(spread, 95)), max=float(spread.max()))
        if art is not None:
            res["artefacts"] = dict(snr_db=artefact_snr_db, leads=artefact_leads, **artefact_drops(model, art, v))
        results.append(res)
        print(json.dumps(res), flush=True)
    return dict(model=model_dir, model_sha=model.meta.get("graphs", {}).get("unet", {}).get("sha256"), half=half,
                leads=len(images), groups={k: int(sum(k in g for g in groups)) for k in ("clean",) + NOISE_TYPES},
                results=results)


def markdown(study: dict) -> str:
    head = ("| t | k | K | combine | clean dB | W1 static | W1 burst | W1 drift | macro W1 | AUROC | min-local macro W1 | "
            "min-local AUROC | spread median / max dB | drop em-proxy / ma / bw / MIT-BIH em-proxy dB |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in study["results"]:
        g, m = r["global"], r["min_local"]
        lines.append(f"| {r['t']} | {r['interval']} | {r['draws']}{' anti' if r.get('antithetic') else ''} | {r['combine']} | {g['median_clean_db']:.2f} | "
                     f"{g['w1_static_noise']:.3f} | {g['w1_burst_noise']:.3f} | {g['w1_baseline_drift']:.3f} | "
                     f"{g['macro_w1']:.3f} | {g['auroc_any']:.3f} | {m['macro_w1']:.3f} | {m['auroc_any']:.3f} | "
                     f"{r['spread_db']['median']:.3f} / {r['spread_db']['max']:.3f} | "
                     + (" / ".join(f"{r['artefacts'][k]['median_drop_db']:.2f}" for k in ARTEFACT_KINDS)
                        if "artefacts" in r else "—") + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:])
    torch.set_num_threads(int(opts.get("threads", 1)))
    variants = json.loads(opts["variants"]) if "variants" in opts else DEFAULT_VARIANTS
    study = run_study(opts["model"], opts.get("half", "selection"), variants, int(opts.get("seeds", 10)),
                      int(opts.get("spread_leads", 300)), int(opts.get("threads", 1)),
                      int(opts.get("artefact_leads", 120)), float(opts.get("artefact_snr_db", -6.0)))
    if "out" in opts:
        os.makedirs(os.path.dirname(opts["out"]) or ".", exist_ok=True)
        json.dump(study, open(opts["out"], "w"), indent=1)
    print(markdown(study))
