# One worker image for every remote platform:
#   AWS Lambda (container image)      command: worker lambda   (helios lambda deploy sets it)
#   Google Cloud Run, any container   command: worker serve    (the default below)
# It carries the same Debian bookworm chromium-headless-shell and ffmpeg as local renders and
# the test suite, so every worker captures with beginFrame and draws the same pixels: chunks
# rendered on different instances meet at their seams without a visible step.
#
# Build from a checkout whose dist/ is current (npm run package; dist/ is committed):
#   docker build -t helios-worker .
FROM node:22-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      chromium-headless-shell ffmpeg fonts-noto-color-emoji fonts-liberation fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/helios
# The CLI bundle holds its dependencies (ncc): no npm install in the image.
COPY package.json ./
COPY bin ./bin
COPY dist/cli ./dist/cli

# Lambda's file system is read-only except /tmp; Cloud Run's /tmp is memory. Compositions are
# cached there by content hash, so a warm worker downloads each composition once.
ENV HELIOS_BROWSER=/usr/bin/chromium-headless-shell \
    HELIOS_WORK_DIR=/tmp/helios \
    HOME=/tmp \
    XDG_CONFIG_HOME=/tmp/.config \
    XDG_CACHE_HOME=/tmp/.cache \
    NODE_ENV=production

# Lambda runs the image as a non-root user; Cloud Run as root. Either way Chromium runs with
# --no-sandbox (the platform's own sandbox isolates the instance).
ENTRYPOINT ["node", "/opt/helios/bin/helios.js"]
CMD ["worker", "serve"]
