# Character source for the bundled CJK subset (see fonts/README.md).
def rows(codec, r0, r1, c0=0xA1, c1=0xFE):
    out = []
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            try:
                out.append(bytes([r, c]).decode(codec))
            except UnicodeDecodeError:
                pass
    return out
chars = set()
chars.update(rows('gb2312', 0xB0, 0xD7))   # GB 2312 level-1 Hanzi (3,755)
chars.update(rows('euc_jp', 0xB0, 0xCF))   # JIS X 0208 level-1 Kanji (2,965)
chars.update(rows('euc_kr', 0xB0, 0xC8))   # KS X 1001 precomposed Hangul (2,350)
# Big5 level 1, the 5,401 frequently used Traditional Hanzi (lead bytes 0xA4-0xC6,
# trail bytes 0x40-0x7E and 0xA1-0xFE): Traditional Chinese titles.
chars.update(rows('big5', 0xA4, 0xC6, 0x40, 0x7E))
chars.update(rows('big5', 0xA4, 0xC6))
ranges = [(0x3000, 0x303F), (0x3040, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF00, 0xFFEF)]
for a, b in ranges:
    chars.update(chr(c) for c in range(a, b + 1))
chars = sorted(c for c in chars if len(c) == 1)
print(len(chars))
open('cjk-chars.txt', 'w', encoding='utf-8').write(''.join(chars))
