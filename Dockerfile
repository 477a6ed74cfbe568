# CPU-only image of the app. requirements.txt points pip at PyTorch's CPU wheels, so torch is the
# ~200 MB +cpu build, not PyPI's multi-GB CUDA one. Also what Hugging Face Spaces builds (sdk: docker).
FROM python:3.11-slim

# Unbuffered: log lines (ui/logs.py) reach `docker logs` at once. PORT: Cloud Run, Render and the like
# set it; 8501 otherwise (Spaces' app_port in README.md). MALLOC_ARENA_MAX=2: glibc's per-thread
# memory pools otherwise keep the server ~15 % bigger after a classroom leaves (benchmarks/load.py).
ENV PYTHONUNBUFFERED=1 \
    MALLOC_ARENA_MAX=2 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8501

# uid 1000: not root, and the uid Hugging Face Spaces runs containers as.
RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

# The project itself (.dockerignore keeps tests, benchmarks and deploy out); root-owned, read-only
# for the app's user.
COPY . .
RUN pip install --no-deps .

USER 1000
EXPOSE 8501
# Streamlit answers /_stcore/health once the server is up; importing torch and the first run take
# a few seconds, hence the start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/_stcore/health' % os.environ.get('PORT', '8501'), timeout=4)" || exit 1
CMD ["sh", "-c", "exec streamlit run app.py --server.port \"${PORT:-8501}\" --server.address 0.0.0.0"]
