# Builds fonts/NotoColorEmoji-subset.ttf (see fonts/README.md) from Debian's
# NotoColorEmoji.ttf (fonts-noto-color-emoji 2.042-0+deb12u1):
#
# * every emoji code point except ASCII (keycap bases # * 0-9 come from Inter),
#   now including regional indicators, tag characters, ZWJ and the skin-tone
#   modifiers, so flags (🇫🇷, 🏴 England), ZWJ sequences (👩‍💻, 🏳️‍🌈) and the
#   skin-tone sequences of the most used gestures are single glyphs (GSUB
#   ligatures, which rustybuzz applies);
# * skin-tone ligatures only for the bases in TONE_BASES (all 1,890 would add
#   5.7 MB); another base with a modifier draws as the base emoji and feedcard
#   reports the modifier;
# * the 109 ppem PNG strike redrawn at 64 ppem (Lanczos) and quantised to a
#   128-colour palette with Pillow: cards draw emoji at 40-100 px, and this
#   halves the bytes per glyph.
#
#   pip install fonttools pillow
#   python3 emoji_subset.py [SRC] [OUT]
import io
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont
from PIL import Image

SRC = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf'
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'NotoColorEmoji-subset.ttf')
PPEM = 64
COLOURS = 128
TONES = set(range(0x1F3FB, 0x1F400))
# Gestures and people most often toned in titles.
TONE_BASES = {0x1F44D, 0x1F44E, 0x1F44B, 0x1F44F, 0x1F64F, 0x1F4AA, 0x270C, 0x1F91E,
              0x1F44C, 0x1F64C, 0x270B, 0x1F590, 0x261D, 0x1F446, 0x1F447, 0x1F448,
              0x1F449, 0x1F91D, 0x1F918, 0x1F919, 0x1F44A, 0x1F91A}

font = TTFont(SRC)
cmap = font.getBestCmap()
glyph_cp = {g: cp for cp, g in cmap.items()}

# Drop skin-tone ligatures whose base is not in TONE_BASES (before subsetting,
# so the closure does not pull their bitmaps in).
dropped = 0
for lookup in font['GSUB'].table.LookupList.Lookup:
    for st in lookup.SubTable:
        if not hasattr(st, 'ligatures'):
            continue
        for first, ligs in list(st.ligatures.items()):
            keep = []
            for lig in ligs:
                cps = [glyph_cp.get(g) for g in [first] + lig.Component]
                toned = any(cp in TONES for cp in cps)
                if toned and cps[0] not in TONE_BASES:
                    dropped += 1
                    continue
                keep.append(lig)
            st.ligatures[first] = keep

unicodes = [cp for cp in cmap if cp >= 0x80 and not (0xFE000 <= cp <= 0xFFFFF)]
options = subset.Options()
options.layout_features = ['*']
options.name_IDs = ['*']
options.name_languages = ['*']
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=unicodes)
subsetter.subset(font)

# Redraw the strike smaller.
scale = PPEM / font['CBLC'].strikes[0].bitmapSizeTable.ppemX
strike = font['CBLC'].strikes[0].bitmapSizeTable
for attr in ('ppemX', 'ppemY'):
    setattr(strike, attr, PPEM)
for line in (strike.hori, strike.vert):
    for attr in ('ascender', 'descender', 'widthMax', 'maxBeforeBL', 'minAfterBL',
                 'minOriginSB', 'minAdvanceSB', 'maxBeforeBL'):
        setattr(line, attr, round(getattr(line, attr) * scale))
for name, bitmap in font['CBDT'].strikeData[0].items():
    image = Image.open(io.BytesIO(bitmap.imageData)).convert('RGBA')
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    image = image.resize(size, Image.LANCZOS).quantize(COLOURS, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.save(out, 'PNG', optimize=True)
    bitmap.imageData = out.getvalue()
    m = bitmap.metrics
    m.width, m.height = size
    m.BearingX = round(m.BearingX * scale)
    m.BearingY = round(m.BearingY * scale)
    m.Advance = round(m.Advance * scale)
font.save(OUT)
print(f'dropped {dropped} skin-tone ligatures; {len(font["CBDT"].strikeData[0])} bitmaps; '
      f'{os.path.getsize(OUT)} bytes')
