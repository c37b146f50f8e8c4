#!/usr/bin/env bash
# Rebuild the pictures the README shows, from the bundled fixtures: the 排名 and 图表 pages of
# the report and one feedback page, as LibreOffice prints them (needs soffice and pdftoppm:
# packages libreoffice-calc-nogui, fonts-noto-cjk, poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
a=target/release/assess
"$a" report fixtures/submissions -o "$t/排名.xlsx" --history fixtures/history/历年评估.csv 2>/dev/null
"$a" feedback fixtures/submissions -o "$t/反馈.xlsx" --single 2>/dev/null
(cd "$t" && soffice --headless --convert-to pdf 排名.xlsx >/dev/null 2>&1 \
  && soffice --headless --convert-to pdf 反馈.xlsx >/dev/null 2>&1)
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$t/排名.pdf" docs/ranking
pdftoppm -png -r 80 -f 2 -l 2 -singlefile "$t/排名.pdf" docs/charts
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$t/反馈.pdf" docs/feedback
ls -l docs/*.png
