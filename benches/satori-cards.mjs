// The peer card renderer for benches/peers.sh: satori lays out a title over a
// background (as SVG) and resvg-js rasterises it to a 1200×630 PNG, the usual
// Node stack for social cards (@vercel/og is the same two libraries).
//
//   node benches/satori-cards.mjs SITE/cards.json OUT_DIR
//
// cards.json lists {title, background}; background is a JPEG path or null (then
// the card draws feedcard's template background: a 135° gradient, a brand bar
// and a hairline). Cards are drawn one after another on one thread; PNGs are
// written so the work cannot be skipped. The fonts are feedcard's own (fonts/).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import satori from 'satori';
import { Resvg } from '@resvg/resvg-js';

const here = dirname(fileURLToPath(import.meta.url));
const [cardsPath, outDir] = process.argv.slice(2);
if (!cardsPath || !outDir) {
  console.error('usage: node satori-cards.mjs CARDS.json OUT_DIR');
  process.exit(2);
}
const cards = JSON.parse(readFileSync(cardsPath, 'utf8'));
mkdirSync(outDir, { recursive: true });

const fonts = [
  { name: 'Inter Display', data: readFileSync(join(here, '../fonts/InterDisplay-Bold.otf')), weight: 700 },
  { name: 'Inter', data: readFileSync(join(here, '../fonts/Inter-SemiBold.otf')), weight: 600 },
];

// Backgrounds are read once per distinct file, as a data URL (satori embeds it
// in the SVG; resvg decodes and scales it for every card, as it must).
const backgrounds = new Map();
function background(path) {
  if (!backgrounds.has(path)) {
    backgrounds.set(path, `data:image/jpeg;base64,${readFileSync(path).toString('base64')}`);
  }
  return backgrounds.get(path);
}

const h = (type, style, children, props = {}) => ({ type, props: { style, children, ...props } });

function card({ title, background: bg }) {
  const layers = [];
  if (bg) {
    layers.push(h('img', { position: 'absolute', left: 0, top: 0, width: 1200, height: 630, objectFit: 'cover' },
      undefined, { src: background(bg), width: 1200, height: 630 }));
    layers.push(h('div', { position: 'absolute', left: 0, top: 0, width: 1200, height: 630,
      backgroundImage: 'linear-gradient(180deg, rgba(6,10,20,0) 0%, rgba(6,10,20,0.55) 55%, rgba(6,10,20,0.94) 100%)' }));
  }
  layers.push(h('div', { position: 'absolute', left: 0, top: 0, width: 10, height: 630, backgroundColor: '#4C7DFF' }));
  layers.push(h('div', { position: 'absolute', left: 72, top: 506, width: 1056, height: 2, backgroundColor: 'rgba(255,255,255,0.18)' }));
  layers.push(h('div', { position: 'absolute', left: 72, top: 112, width: 1056, height: 352, display: 'flex',
    alignItems: 'flex-end', fontFamily: 'Inter Display', fontWeight: 700, fontSize: 72, lineHeight: 1.1,
    letterSpacing: -0.86, color: '#FFFFFF' }, title));
  layers.push(h('div', { position: 'absolute', left: 72, top: 530, fontFamily: 'Inter', fontWeight: 600,
    fontSize: 28, color: '#C9D3E6' }, 'Bench'));
  return h('div', { display: 'flex', width: 1200, height: 630,
    backgroundImage: 'linear-gradient(135deg, #0B1222, #1A2540)' }, layers);
}

// The first card pays for parsing the fonts and warming the JIT: it is drawn
// but left out of the figures, which are steady-state per card.
async function draw(i, c) {
  const svg = await satori(card(c), { width: 1200, height: 630, fonts });
  const png = new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng();
  writeFileSync(join(outDir, `card-${i}.png`), png);
}
await draw(0, cards[0]);
const start = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
for (const [i, c] of cards.entries()) {
  if (i > 0) await draw(i, c);
}
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1e3;
const n = Math.max(cards.length - 1, 1);
// One line of JSON on stdout for peers.sh; a human line on stderr.
console.log(JSON.stringify({ cards: n, wall_ms: wallMs, cpu_ms: cpuMs, cpu_ms_per_card: cpuMs / n }));
console.error(`satori+resvg-js: ${n} cards, ${(wallMs / n).toFixed(1)} ms wall and ${(cpuMs / n).toFixed(1)} ms CPU per card`);
