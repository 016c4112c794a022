import { describe, expect, it } from 'vitest';
import { parseFault } from '../faults';
import { chatPromptTokens, fakeCompletion, tokenize } from '../fakeLlm';
import { computeMultiplier, estimatedPrice, supportedGpus, type NodeSelector } from '../gpu';
import { encodeBlockJpeg, promptJpeg } from '../jpeg';
import { boundaryOf, parseMultipart } from '../multipart';
import { bindingDigest, fakeTdxQuote } from '../tdx';
import { validateBody, type Fields } from '../validation';
import { HttpError } from '../http';

const selector = (s: Partial<NodeSelector>): NodeSelector => ({ gpu_count: 1, min_vram_gb_per_gpu: 16, include: null, exclude: null, dynamic: false, ...s });

describe('node selector math (docs/platform.md §3.3)', () => {
  it('derives supported GPUs as the worked examples say', () => {
    expect(supportedGpus(selector({}))).toEqual(['3090', '4090', 'a10', 'a40', 'a4000', 'a4000_ada', 'a5000', 'a6000', 'l4', 'pro_6000']);
    expect(supportedGpus(selector({ min_vram_gb_per_gpu: 80 }))).toEqual(['a100', 'a100_sxm', 'h100', 'h100_nvl', 'h100_sxm', 'h20', 'h200', 'h800', 'pro_6000']);
    expect(supportedGpus(selector({ min_vram_gb_per_gpu: 24 }))).toEqual(['3090', '4090', 'a10', 'a40', 'a5000', 'a6000', 'l4', 'l40', 'pro_6000']);
  });

  it('honours include and exclude, ignores a price cap and drops mi300x next to other GPUs', () => {
    expect(supportedGpus(selector({ include: ['h100', 'h200'] }))).toEqual(['h100', 'h200']);
    expect(supportedGpus(selector({ include: ['mi300x'] }))).toEqual(['mi300x']);
    expect(supportedGpus(selector({ min_vram_gb_per_gpu: 140, exclude: ['b200', 'b300', 'h200'] }))).toEqual(['mi300x']);
    // The server's NodeSelector has no max_hourly_price_per_gpu (§8): a cap sent anyway changes nothing.
    expect(supportedGpus({ ...selector({}), max_hourly_price_per_gpu: 0.24 } as NodeSelector)).toEqual(supportedGpus(selector({})));
    expect(supportedGpus(selector({ include: ['constructor'] }))).toEqual([]);
  });

  it('prices a selector at gpu_count x the cheapest supported rate', () => {
    expect(computeMultiplier(selector({ gpu_count: 2 }))).toBeCloseTo((2 * 0.2) / 4.5, 12);
    expect(estimatedPrice(selector({ gpu_count: 2 }))?.usd.hour).toBeCloseTo(0.4, 12);
    expect(estimatedPrice(selector({ min_vram_gb_per_gpu: 80 }))?.usd.second).toBeCloseTo(1.2 / 3600, 12);
    expect(estimatedPrice(selector({ include: ['h100'], exclude: ['h100'] }))).toBeUndefined();
  });
});

describe('fake LLM', () => {
  it('is deterministic, re-joins to its text and honours max_tokens', () => {
    const a = fakeCompletion('Hello there', undefined);
    expect(fakeCompletion('Hello there', undefined)).toEqual(a);
    expect(a.finishReason).toBe('stop');
    expect(tokenize(a.tokens.join(''))).toEqual(a.tokens);
    expect(a.tokens.join('')).toContain('You said: "Hello there"');
    const short = fakeCompletion('Hello there', 3);
    expect(short).toEqual({ tokens: a.tokens.slice(0, 3), finishReason: 'length' });
  });

  it('counts chat prompt tokens with per-message overhead', () => {
    expect(chatPromptTokens([{ role: 'user', content: 'Hello there' }])).toBe(3 + 4 + 2);
    expect(chatPromptTokens([{ role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'image_url' }] }])).toBe(3 + 4 + 1);
  });
});

describe('JPEG encoder', () => {
  it('writes a baseline JPEG with the expected markers and size', () => {
    const jpeg = promptJpeg('a red fox');
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9');
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    expect(jpeg.readUInt16BE(sof + 5)).toBe(64); // height
    expect(jpeg.readUInt16BE(sof + 7)).toBe(64); // width
    expect(jpeg[sof + 9]).toBe(3); // YCbCr
    expect(promptJpeg('a blue whale').equals(jpeg)).toBe(false);
  });

  it('byte-stuffs 0xFF in the entropy data', () => {
    // Alternating black and white blocks give large DC differences, exercising every category.
    const colors = Array.from({ length: 64 }, (_, i) => (i % 2 ? [255, 255, 255] : [0, 0, 0]));
    const jpeg = encodeBlockJpeg(colors);
    const scan = jpeg.subarray(jpeg.indexOf(Buffer.from([0xff, 0xda])) + 14, -2);
    for (let i = 0; i < scan.length - 1; i++) if (scan[i] === 0xff) expect(scan[i + 1]).toBe(0);
  });
});

describe('multipart parser', () => {
  it('reads fields and files and ignores junk', () => {
    const b = 'XyZ';
    const body = Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="name"\r\n\r\necho\r\n--${b}\r\nContent-Disposition: form-data; name="build_context"; filename="chute.zip"\r\nContent-Type: application/zip\r\n\r\nPK\x03\x04\r\n--${b}--\r\n`,
      'latin1',
    );
    expect(boundaryOf(`multipart/form-data; boundary=${b}`)).toBe(b);
    expect(boundaryOf('application/json')).toBeUndefined();
    const parts = parseMultipart(body, b);
    expect(parts.map((p) => [p.name, p.filename, p.data.toString('latin1')])).toEqual([
      ['name', null, 'echo'],
      ['build_context', 'chute.zip', 'PK\x03\x04'],
    ]);
    expect(parseMultipart(Buffer.from('garbage'), b)).toEqual([]);
  });
});

describe('pydantic-style validation', () => {
  const fields: Fields = {
    name: { spec: { t: 'str', min: 3 }, required: true },
    count: { spec: { t: 'int', ge: 1, le: 8 }, default: 1 },
    flag: { spec: { t: 'bool' }, nullable: true },
  };
  const issues = (body: string) => {
    try {
      validateBody(fields, Buffer.from(body));
      return [];
    } catch (err) {
      return (err as HttpError).detail as { type: string; loc: unknown[]; msg: string }[];
    }
  };

  it('reports every problem with FastAPI locations and pydantic messages', () => {
    expect(issues('{"name":"ab","count":9,"flag":"maybe"}')).toEqual([
      { type: 'string_too_short', loc: ['body', 'name'], msg: 'String should have at least 3 characters', input: 'ab', ctx: { min_length: 3 } },
      { type: 'less_than_equal', loc: ['body', 'count'], msg: 'Input should be less than or equal to 8', input: 9, ctx: { le: 8 } },
      { type: 'bool_parsing', loc: ['body', 'flag'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' },
    ]);
    expect(issues('{}')).toEqual([{ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} }]);
    expect(issues('')).toEqual([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    expect(issues('[1]')[0].type).toBe('model_attributes_type');
    expect(issues('{"name": ')[0]).toMatchObject({ type: 'json_invalid', msg: 'JSON decode error' });
    expect(issues('{"name":"abc","count":"2","flag":"yes"}')).toEqual([]);
  });
});

describe('fault parsing', () => {
  it('accepts JSON and key=value forms and rejects unknown keys', () => {
    expect(parseFault('status=503;retry-after=2')).toEqual({ status: 503, retryAfter: '2' });
    expect(parseFault('{"cutAfterEvents":2,"malformed":true}')).toEqual({ cutAfterEvents: 2, malformed: true });
    expect(parseFault('drip=10, stream-error=boom')).toEqual({ dripMs: 10, streamError: 'boom' });
    expect(parseFault('bogus=1')).toMatch(/unknown key/);
    expect(parseFault('status=200')).toMatch(/400..599/);
    expect(parseFault('delay=-1')).toMatch(/non-negative/);
  });
});

describe('TDX quote', () => {
  it('puts sha256(nonce + e2e_pubkey) at report_data (bytes 568..600) of a v4 TDX quote', () => {
    const digest = bindingDigest('ab'.repeat(32), 'cHVia2V5');
    const quote = Buffer.from(fakeTdxQuote('instance-1', digest), 'base64');
    expect(quote.length).toBeGreaterThanOrEqual(632);
    expect(quote.readUInt16LE(0)).toBe(4);
    expect(quote.readUInt32LE(4)).toBe(0x81);
    expect(quote.subarray(568, 600).equals(digest)).toBe(true);
    expect(quote[48 + 120] & 1).toBe(0); // td_attributes bit 0: debug off
  });
});
