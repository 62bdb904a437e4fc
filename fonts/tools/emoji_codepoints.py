# Lists the emoji kept in fonts/NotoColorEmoji-subset.ttf (see fonts/README.md):
# every single code point mapped by Debian's NotoColorEmoji.ttf (fonts-noto-color-emoji
# 2.042-0+deb12u1) except ASCII (keycap bases # * 0-9), skin-tone modifiers
# U+1F3FB..1F3FF, regional indicators U+1F1E6..1F1FF (flags), tag characters
# U+E0000..E007F, private-use U+FE000.. and ZWJ U+200D. Dropping those also drops the
# GSUB ligatures (skin tones, flags, ZWJ families) that would triple the size.
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1] if len(sys.argv) > 1 else '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf')
cm = f.getBestCmap()
skip = set(range(0x1F3FB, 0x1F400)) | set(range(0x1F1E6, 0x1F200)) | set(range(0xE0000, 0xE0080))
keep = [c for c in cm if c >= 0x80 and c not in skip and not (0xFE000 <= c <= 0xFFFFF) and c != 0x200D]
open('emoji-codepoints.txt', 'w').write(','.join('U+%04X' % c for c in sorted(keep)))
print(len(keep))
