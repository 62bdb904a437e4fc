# Subsets the bundled Noto Sans fonts for Indic, Thai, Georgian, Armenian and
# Ethiopic titles (see fonts/README.md). Each keeps its own script's blocks plus
# the marks and punctuation its shaping needs (ZWJ/ZWNJ, dotted circle, dandas,
# no-break space); Latin, digits and common punctuation come from Inter, so they
# are dropped. Every OpenType layout feature is kept (`--layout-features='*'`),
# so rustybuzz shapes conjuncts, reordering and mark placement as the full font.
#
#   python3 subset_scripts.py [SRC_DIR] [OUT_DIR]
#
# SRC_DIR defaults to Debian's /usr/share/fonts/truetype/noto (package
# fonts-noto-core 20201225-1); OUT_DIR to the fonts/ folder beside this script.
import os
import subprocess
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/fonts/truetype/noto'
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')

# Shared by every Indic font: ZWNJ, ZWJ, dotted circle (shown for a stray mark),
# no-break space, danda and double danda, Vedic extensions are left out.
INDIC = ['U+200C-200D', 'U+25CC', 'U+00A0', 'U+0964-0965']
FONTS = {
    'Devanagari': ['U+0900-097F', 'U+A8E0-A8FF'] + INDIC,
    'Bengali': ['U+0980-09FF'] + INDIC,
    'Tamil': ['U+0B80-0BFF', 'U+11FC0-11FFF'] + INDIC,
    'Thai': ['U+0E00-0E7F', 'U+200B-200D', 'U+25CC'],
    'Georgian': ['U+10A0-10FF', 'U+1C90-1CBF', 'U+2D00-2D2F'],
    'Armenian': ['U+0530-058F', 'U+FB13-FB17'],
    'Ethiopic': ['U+1200-139F', 'U+2D80-2DDF', 'U+AB00-AB2F'],
}

for script, unicodes in FONTS.items():
    src = os.path.join(SRC, f'NotoSans{script}-Bold.ttf')
    out = os.path.join(OUT, f'NotoSans{script}-Bold-subset.ttf')
    subprocess.run([
        'pyftsubset', src, '--unicodes=' + ','.join(unicodes),
        '--output-file=' + out, '--layout-features=*', '--no-hinting',
        '--name-IDs=*', '--name-languages=*', '--desubroutinize',
    ], check=True)
    print(f'{os.path.basename(out)}: {os.path.getsize(src)} -> {os.path.getsize(out)} bytes')
