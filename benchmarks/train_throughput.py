"""Training lab throughput: the library's loop, the live page, and TensorFlow Playground's pace.

Prints, on one CPU thread:

1. plain torch (``nn.Sequential`` + ``torch.optim.Adam``) and the library (``Trainer.run_for``),
   full-batch Adam steps/s for a 2-16-16-1 ReLU network on 512 points (goal: library >= 2,100);
2. the library's epochs/s for Playground's two reference configurations (circle, 2-4-2-1 tanh,
   batch 10, 250 training points; spiral, 8,8 ReLU, batch 10);
3. the same three on the live page, driven in headless Chromium: the app is started, the link
   opened and the lab chart's Start clicked; after a warm-up, a requestAnimationFrame loop in the
   page stamps every change of the Step and Epoch metrics the chart shows. Steps/s, epochs/s and
   refreshes/s come from those stamps, so they include everything a refresh costs: measuring,
   encoding, relaying, drawing. Goals: page >= 90 % of the library while refreshing >= 5 times a
   second; >= 120 and >= 80 epochs/s for the two Playground configurations;
4. ``--in-process``: a training worker's per-frame work without browser or Streamlit (tick, view,
   and the frame's encoding, ``activations/training/frames.py``), for a ceiling.

    .venv/bin/python benchmarks/train_throughput.py [--seconds 10] [--warmup 3] [--in-process]
        [--device cuda] [--no-page]

``--device cuda`` runs the library and the in-process figures on the GPU (the page's own
``device=cuda`` link key); plain torch stays on the CPU as the reference.

The machine must be quiet: other processes on the same cores show up directly in the figures
(the load average is printed first).
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import dataclass
from urllib.parse import parse_qs

import torch
import torch.nn as nn
import torch.nn.functional as F

from activations.training.data import make_dataset
from activations.training.lab import Lab
from activations.training.link import check, lab_config
from activations.training.loop import Trainer
from activations.training.slots import one_thread

FULL_BATCH = "dataset=moons&points=640&test_frac=0.2&hidden=16,16&optimizer=adam&lr=0.01&batch=512"
CIRCLE = "dataset=circles&points=500&test_frac=0.5&noise=0&hidden=4,2&act=tanh&optimizer=sgd&lr=0.03&batch=10"
SPIRAL = "dataset=spiral&points=500&test_frac=0.5&noise=0&hidden=8,8&act=relu&optimizer=sgd&lr=0.03&batch=10"
PLAYGROUND = {"circle": 58.7, "spiral": 38.9}  # epochs/s, measured on this machine (issue 4)

# The lab chart's metrics (ui/components/lab-view.js), in its component's shadow root.
READ = """label => {
    for (const host of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
      for (const box of host.shadowRoot?.querySelectorAll('.lab-metric') ?? []) {
        if (box.querySelector('.lab-metric-label')?.innerText.startsWith(label)) {
          const value = box.querySelector('.lab-metric-value');
          return value ? Number(value.innerText.replace(/,/g, '')) : null;
        }
      }
    }
    return null;
  }"""
PROBE = (
    """() => {
  const read = """
    + READ
    + """;
  window.__seen = [];
  let last = null;
  const frame = now => {
    const step = read('Step');
    if (step !== null && step !== last) {
      window.__seen.push([now, step, read('Epoch')]);
      last = step;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}"""
)


@dataclass
class Rates:
    steps_per_s: float
    epochs_per_s: float
    refreshes_per_s: float = float("nan")


def trainer_for(query: str) -> Trainer:
    values, problems = check(parse_qs(query))
    assert not problems, problems
    config = lab_config(values)
    data = config.data
    dataset = make_dataset(data.dataset, data.points, data.noise, data.test_frac, data.seed)
    run = config.runs[0]
    return Trainer(dataset, run.arch, run.recipe, data.seed)


def library(query: str, seconds: float) -> Rates:
    trainer = trainer_for(query)
    with one_thread():
        trainer.run_for(1.0)  # warm-up (on a GPU: kernels load and caches fill)
        start_steps, started = trainer.steps, time.perf_counter()
        trainer.run_for(seconds)
        elapsed = time.perf_counter() - started
    steps = trainer.steps - start_steps
    return Rates(steps / elapsed, steps / elapsed / trainer.steps_per_epoch)


def plain_torch(seconds: float) -> float:
    """Full-batch Adam steps/s of the textbook loop, for reference (~2,100 on one thread here)."""
    data = make_dataset("moons", 640, 0.1, 0.2, 0)
    x, y = data.x_train, data.y_train.float().unsqueeze(1)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    with one_thread():
        steps, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            loss = F.binary_cross_entropy_with_logits(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            steps += 1
    return steps / (time.perf_counter() - started)


def in_process(query: str, seconds: float) -> Rates:
    """Ticks of a frame interval, each followed by a frame (the view and its encoding), as a worker
    with one run answers a browser that asks for every frame."""
    from activations.training.budget import FRAME_S
    from activations.training.frames import encode

    values, _ = check(parse_qs(query))
    lab = Lab(lab_config(values))
    lab.start()
    refreshes, started, first_steps, cursor = 0, None, 0, None
    deadline = time.perf_counter() + seconds + 1.0
    while time.perf_counter() < deadline:
        with lab.lock, one_thread():
            lab.tick(FRAME_S)
            _, cursor = encode(lab.view(), refreshes, cursor)
        if started is None and time.perf_counter() > deadline - seconds:
            started, first_steps, refreshes = time.perf_counter(), lab.steps, 0
        refreshes += 1
    elapsed = time.perf_counter() - started
    steps = lab.steps - first_steps
    per_epoch = lab.runs[0].trainer.steps_per_epoch
    return Rates(steps / elapsed, steps / elapsed / per_epoch, refreshes / elapsed)


def page(server_url: str, browser, query: str, warmup: float, seconds: float) -> Rates:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    try:
        tab.goto(f"{server_url}/training?{query}")
        tab.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
        tab.wait_for_selector('[data-test-script-state="notRunning"]', timeout=60_000)
        tab.locator("[data-command=toggle][data-state=start]").first.click()  # the lab chart's Start
        # the first run of a server waits for its training workers to start: warm up from the first step
        tab.wait_for_function(f"() => ({READ})('Step') > 0", timeout=120_000, polling=100)
        tab.wait_for_timeout(warmup * 1000)
        tab.evaluate(PROBE)
        tab.wait_for_timeout(seconds * 1000)
        seen = tab.evaluate("() => window.__seen")
        if len(seen) < 2:
            tab.screenshot(path="/tmp/train_throughput_failure.png", full_page=True)
            print("  (no refreshes seen; screenshot in /tmp/train_throughput_failure.png)")
        pause = tab.locator("[data-command=toggle][data-state=pause]")
        if pause.count():
            pause.first.click()
    finally:
        context.close()
    if len(seen) < 2:
        return Rates(float("nan"), float("nan"), 0.0)
    (t0, s0, e0), (t1, s1, e1) = seen[0], seen[-1]
    span = (t1 - t0) / 1000
    return Rates((s1 - s0) / span, (e1 - e0) / span, (len(seen) - 1) / span)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measuring window per figure")
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="page: seconds of training before measuring"
    )
    parser.add_argument("--no-page", action="store_true", help="skip the browser measurements")
    parser.add_argument("--in-process", action="store_true", help="also the server-side ceiling")
    parser.add_argument("--device", default="cpu", help="cpu or cuda: where the library and lab train")
    args = parser.parse_args()
    on_device = "" if args.device == "cpu" else f"&device={args.device}"

    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    print(f"torch {torch.__version__}, {cores} cores, load average {load:.2f}, device {args.device}")
    if args.device == "cuda":
        print(f"GPU: {torch.cuda.get_device_name()}")
    if load > 0.5 * cores:
        print("WARNING: the machine is busy; every figure below is disturbed by other processes.")

    library_seconds = min(args.seconds, 5.0)
    baseline = plain_torch(library_seconds)
    full = library(FULL_BATCH + on_device, library_seconds)
    circle = library(CIRCLE + on_device, library_seconds)
    spiral = library(SPIRAL + on_device, library_seconds)
    print("\nLibrary (Trainer.run_for, one thread)")
    print(f"  plain torch, full-batch Adam 2-16-16-1, 512 points: {baseline:9,.0f} steps/s")
    print(f"  library,     full-batch Adam 2-16-16-1, 512 points: {full.steps_per_s:9,.0f} steps/s"
          f"   (goal >= 2,100; {full.steps_per_s / baseline:.1f}x plain torch)")  # fmt: skip
    print(f"  circle, 2-4-2-1 tanh, batch 10, 250 points:        {circle.epochs_per_s:9,.1f} epochs/s")
    print(f"  spiral, 8,8 ReLU, batch 10, 250 points:            {spiral.epochs_per_s:9,.1f} epochs/s")

    if args.in_process:
        ceiling = in_process(FULL_BATCH + on_device, args.seconds)
        print("\nIn process (tick + view + frame encoding, no browser, no Streamlit)")
        share = ceiling.steps_per_s / full.steps_per_s
        print(f"  full batch: {ceiling.steps_per_s:,.0f} steps/s = {share:.0%} of the library,"
              f" {ceiling.refreshes_per_s:.1f} refreshes/s")  # fmt: skip

    if args.no_page:
        return
    from playwright.sync_api import sync_playwright

    from harness import CHROMIUM, CHROMIUM_ARGS, Server

    server = Server()
    try:
        server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            live_full = page(server.url, browser, FULL_BATCH + on_device, args.warmup, args.seconds)
            live_circle = page(server.url, browser, CIRCLE + on_device, args.warmup, args.seconds)
            live_spiral = page(server.url, browser, SPIRAL + on_device, args.warmup, args.seconds)
            browser.close()
    finally:
        server.stop()
    print("\nLive page (headless Chromium; what the user sees change)")
    share = live_full.steps_per_s / full.steps_per_s
    print(f"  full batch: {live_full.steps_per_s:9,.0f} steps/s = {share:.0%} of the library (goal >= 90 %),"
          f" {live_full.refreshes_per_s:.1f} refreshes/s (goal >= 5)")  # fmt: skip
    for name, live in (("circle", live_circle), ("spiral", live_spiral)):
        goal = 2 * PLAYGROUND[name]
        print(f"  {name}: {live.epochs_per_s:9,.1f} epochs/s (goal >= {goal:.0f},"
              f" Playground {PLAYGROUND[name]}), {live.refreshes_per_s:.1f} refreshes/s")  # fmt: skip


if __name__ == "__main__":
    main()
