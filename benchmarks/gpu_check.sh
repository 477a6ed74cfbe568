#!/usr/bin/env bash
# The CUDA checks, in one run on a machine with an NVIDIA GPU (the device tool's H200 here):
# the CUDA tests of the Training lab and the Speed page, the Speed benchmark on the GPU, and the
# Training lab's throughput on cuda vs cpu. Prints figures for benchmarks/README.md.
#
#   bash benchmarks/gpu_check.sh            # where the venv has a CUDA torch and the dev tools
#   PYTHON=python3 bash benchmarks/gpu_check.sh
set -u
PYTHON=${PYTHON:-.venv/bin/python}
export PYTHONUNBUFFERED=1 PYTHONPATH=${PYTHONPATH:+$PYTHONPATH:}.
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
$PYTHON -c "import torch, streamlit; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), torch.cuda.get_device_name() if torch.cuda.is_available() else '-', 'streamlit', streamlit.__version__)"
status=0
echo "== CUDA tests"
timeout 240 $PYTHON -m pytest -q -p no:cacheprovider -rs tests/training/test_cuda.py \
  tests/speed/test_timing.py::test_cuda_run "tests/pages/test_speed.py::test_the_page_runs_on_cuda" || status=1
echo "== Speed on cuda, float32, 16,777,216 elements (JSON lines)"
timeout 120 $PYTHON -m activations bench "device=cuda&size=16777216" || status=1
echo "== Speed on cuda, bfloat16, 16,777,216 elements (JSON lines)"
timeout 90 $PYTHON -m activations bench "device=cuda&size=16777216&dtype=bfloat16" || status=1
echo "== Training lab throughput, cuda then cpu (no browser)"
timeout 90 $PYTHON benchmarks/train_throughput.py --device cuda --seconds 5 --in-process --no-page || status=1
timeout 60 $PYTHON benchmarks/train_throughput.py --device cpu --seconds 5 --in-process --no-page || status=1
exit $status
