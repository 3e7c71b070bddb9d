#!/bin/sh
# Rebuilds NotoSansSC-subset.otf, the font embedded for PNG rendering (see README.md here).
# Needs: Debian package fonts-noto-cjk (the source font) and `pip install fonttools` (pyftsubset).
# Same source font and same fonttools version give the same file.
set -eu
cd "$(dirname "$0")"
# Every character of GB2312 (6,763 hanzi plus its symbols, pinyin, Greek, Cyrillic, full-width forms).
python3 -c '
import sys
chars = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
sys.stdout.write("".join(sorted(chars)))
' > /tmp/repeatlens-gb2312.txt
pyftsubset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=2 \
  --text-file=/tmp/repeatlens-gb2312.txt \
  --unicodes='U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+20AC,U+2190-2193,U+2212,U+2248,U+2260,U+2264,U+2265,U+221E,U+3000-303F,U+FF01-FF5E,U+FFE0-FFE6' \
  --layout-features='' --no-hinting --drop-tables+=VORG,vhea,vmtx,BASE \
  --output-file=NotoSansSC-subset.otf
