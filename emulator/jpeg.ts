// A tiny baseline JPEG encoder for images made of flat 8x8 blocks: every block has only a DC
// coefficient, so the file is a few hundred bytes yet valid for any decoder. Used as the fake output of
// diffusion cords; colours come from the prompt so different prompts give different pictures.
import { createHash } from 'node:crypto';

const BLOCKS = 8; // 8x8 blocks -> a 64x64 image
// Standard luminance DC Huffman table (ITU T.81 Annex K.3); the AC table holds only end-of-block.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

function huffmanCodes(bits: number[], vals: number[]): Map<number, [code: number, length: number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]; i++) codes.set(vals[k++], [code++, length]);
    code <<= 1;
  }
  return codes;
}

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private count = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  finish(): number[] {
    while (this.count !== 0) this.write(1, 1); // pad with 1-bits
    return this.bytes;
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.acc = 0;
    this.count = 0;
  }
}

const segment = (marker: number, payload: number[]) => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];

function toYCbCr([r, g, b]: number[]): number[] {
  return [0.299 * r + 0.587 * g + 0.114 * b, 128 - 0.168736 * r - 0.331264 * g + 0.5 * b, 128 + 0.5 * r - 0.418688 * g - 0.081312 * b];
}

/** Encode a BLOCKS x BLOCKS grid of RGB colours (row-major) as a 64x64 JPEG. */
export function encodeBlockJpeg(colors: number[][]): Buffer {
  const dc = huffmanCodes(DC_BITS, DC_VALS);
  const bits = new BitWriter();
  const previous = [0, 0, 0];
  for (const color of colors) {
    toYCbCr(color).forEach((value, component) => {
      // With an all-ones quantisation table a flat block's DC coefficient is 8 * (value - 128).
      const coefficient = Math.round(8 * (Math.min(255, Math.max(0, value)) - 128));
      const diff = coefficient - previous[component];
      previous[component] = coefficient;
      const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const [code, length] = dc.get(category)!;
      bits.write(code, length);
      if (category) bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
      bits.write(0, 1); // AC: end of block
    });
  }
  const side = BLOCKS * 8;
  const components = [1, 2, 3].flatMap((id) => [id, 0x11, 0]);
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...new Array(64).fill(1)]),
    ...segment(0xc0, [8, side >> 8, side & 0xff, side >> 8, side & 0xff, 3, ...components]),
    ...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALS]),
    ...segment(0xc4, [0x10, 1, ...new Array(15).fill(0), 0x00]),
    ...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]),
    ...bits.finish(),
    0xff, 0xd9,
  ]);
}

/** A deterministic picture for a prompt: a diagonal blend between two colours picked from its hash. */
export function promptJpeg(prompt: string): Buffer {
  const h = createHash('sha256').update(prompt).digest();
  const from = [h[0], h[1], h[2]];
  const to = [h[3], h[4], h[5]];
  const colors: number[][] = [];
  for (let y = 0; y < BLOCKS; y++) {
    for (let x = 0; x < BLOCKS; x++) {
      const t = (x + y) / (2 * (BLOCKS - 1));
      colors.push(from.map((c, i) => c + (to[i] - c) * t));
    }
  }
  return encodeBlockJpeg(colors);
}
