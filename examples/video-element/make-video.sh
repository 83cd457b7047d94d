#!/bin/sh
# Regenerates clip.webm, the video this example plays: ffmpeg's built-in test pattern
# (testsrc2: moving colour bars with a frame counter), 640x360, 30 fps, 5 s, VP9.
# A keyframe every 10 frames keeps seeks cheap; the renderer seeks the video on every frame.
set -eu
cd "$(dirname "$0")"
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i testsrc2=size=640x360:rate=30:duration=5 \
  -c:v libvpx-vp9 -crf 36 -b:v 0 -deadline good -cpu-used 4 -row-mt 1 \
  -g 10 -keyint_min 10 -pix_fmt yuv420p -an \
  clip.webm
ls -l clip.webm
