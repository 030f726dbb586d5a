// Draws Tact's toolbar/store icons (a teal speech bubble with three white dots) and writes
// assets/icons/icon-{16,32,48,128}.png plus icon.svg with the same geometry.
// Node built-ins only: shapes are signed-distance functions, antialiased by supersampling,
// and the PNG is encoded by hand (zlib.deflateSync + our own CRC-32).
//
//   node scripts/make-icons.mjs

import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const OUT_DIR = fileURLToPath(new URL('../assets/icons/', import.meta.url));
const SIZES = [16, 32, 48, 128];
const TEAL = [0x0f, 0x76, 0x6e];
const WHITE = [0xff, 0xff, 0xff];

// Geometry in a 0..1 unit square (y down). The same numbers feed the SVG.
const BUBBLE = { x0: 0.06, y0: 0.1, x1: 0.94, y1: 0.74, r: 0.2 };
const TAIL = [
  [0.22, 0.66],
  [0.46, 0.66],
  [0.18, 0.93],
];
const DOT_Y = 0.42;
const DOT_XS = [0.3, 0.5, 0.7];

/** Dot radius in unit space: a little larger at small sizes so the dots stay legible. */
function dotRadius(size) {
  return size <= 16 ? 0.07 : size <= 32 ? 0.075 : 0.068;
}

/**
 * Per-size geometry. At 16 px the edges and dots are snapped to the pixel grid (bubble from
 * x 1..15, y 2..12; 2x2-pixel dots centred on pixel corners) so they stay crisp instead of grey.
 */
function geometry(size) {
  if (size !== 16) return { bubble: BUBBLE, dotY: DOT_Y, dotXs: DOT_XS, dotR: dotRadius(size) };
  return {
    bubble: { x0: 1 / 16, y0: 2 / 16, x1: 15 / 16, y1: 12 / 16, r: 3.5 / 16 },
    dotY: 7 / 16,
    dotXs: [4 / 16, 8 / 16, 12 / 16],
    dotR: dotRadius(16),
  };
}

// ---- Signed distance functions (negative inside) ----

function sdRoundBox(px, py, { x0, y0, x1, y1, r }) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  const qx = Math.abs(px - cx) - hx;
  const qy = Math.abs(py - cy) - hy;
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(qx, qy), 0) - r;
}

function sdCircle(px, py, cx, cy, r) {
  return Math.hypot(px - cx, py - cy) - r;
}

function sdTriangle(px, py, [[ax, ay], [bx, by], [cx, cy]]) {
  // Inigo Quilez's exact triangle SDF.
  const e0 = [bx - ax, by - ay];
  const e1 = [cx - bx, cy - by];
  const e2 = [ax - cx, ay - cy];
  const v0 = [px - ax, py - ay];
  const v1 = [px - bx, py - by];
  const v2 = [px - cx, py - cy];
  const clamp01 = (t) => Math.min(1, Math.max(0, t));
  const dot = (a, b) => a[0] * b[0] + a[1] * b[1];
  const proj = (v, e) => {
    const t = clamp01(dot(v, e) / dot(e, e));
    return [v[0] - e[0] * t, v[1] - e[1] * t];
  };
  const pq0 = proj(v0, e0);
  const pq1 = proj(v1, e1);
  const pq2 = proj(v2, e2);
  const s = Math.sign(e0[0] * e2[1] - e0[1] * e2[0]);
  const d0 = [dot(pq0, pq0), s * (v0[0] * e0[1] - v0[1] * e0[0])];
  const d1 = [dot(pq1, pq1), s * (v1[0] * e1[1] - v1[1] * e1[0])];
  const d2 = [dot(pq2, pq2), s * (v2[0] * e2[1] - v2[1] * e2[0])];
  const dmin = Math.min(d0[0], d1[0], d2[0]);
  const smin = Math.min(d0[1], d1[1], d2[1]);
  return -Math.sqrt(dmin) * Math.sign(smin);
}

/** Smooth union, so the tail flows into the bubble instead of meeting it at a crease. */
function smoothUnion(a, b, k) {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
}

// ---- Rasterising ----

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const SS = 8; // 8x8 samples per pixel
  const { bubble: box, dotY, dotXs, dotR } = geometry(size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bubble = 0;
      let dots = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const u = (x + (sx + 0.5) / SS) / size;
          const v = (y + (sy + 0.5) / SS) / size;
          const d = smoothUnion(sdRoundBox(u, v, box), sdTriangle(u, v, TAIL), 0.06);
          if (d <= 0) {
            bubble++;
            if (dotXs.some((dx) => sdCircle(u, v, dx, dotY, dotR) <= 0)) dots++;
          }
        }
      }
      const n = SS * SS;
      const alpha = bubble / n;
      const i = (y * size + x) * 4;
      if (alpha === 0) continue;
      // Colour inside the bubble: white where the dots are, teal elsewhere (dots are always inside).
      const w = dots / bubble;
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(TEAL[c] * (1 - w) + WHITE[c] * w);
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

// ---- PNG encoding ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type: none
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- SVG with the same design ----

function svg() {
  const S = 128;
  const f = (n) => +(n * S).toFixed(2);
  const { x0, y0, x1, y1, r } = BUBBLE;
  const [[ax, ay], [bx, by], [cx, cy]] = TAIL;
  const dots = DOT_XS.map((x) => `  <circle cx="${f(x)}" cy="${f(DOT_Y)}" r="${f(dotRadius(128))}" fill="#fff"/>`).join(
    '\n',
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${S} ${S}" width="${S}" height="${S}">
  <title>Tact</title>
  <g fill="#0f766e">
    <rect x="${f(x0)}" y="${f(y0)}" width="${f(x1 - x0)}" height="${f(y1 - y0)}" rx="${f(r)}"/>
    <path d="M${f(ax)} ${f(ay)} L${f(bx)} ${f(by)} L${f(cx)} ${f(cy)} Z" stroke="#0f766e" stroke-width="2" stroke-linejoin="round"/>
  </g>
${dots}
</svg>
`;
}

mkdirSync(OUT_DIR, { recursive: true });
for (const size of SIZES) {
  const file = path.join(OUT_DIR, `icon-${size}.png`);
  writeFileSync(file, encodePng(size, size, render(size)));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
writeFileSync(path.join(OUT_DIR, 'icon.svg'), svg());
console.log(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'icon.svg'))}`);
