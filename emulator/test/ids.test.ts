import { describe, expect, it } from 'vitest';
import { chuteIdFor, chuteSlugFor, chuteVersionFor, imageIdFor, isPythonUuid, slugify, uuid5 } from '../ids';

// Expected values computed once with Python 3.11 (uuid.uuid5(uuid.NAMESPACE_OID, ...)) and
// python-slugify 9.2.0 (slugify(text, max_length=58)).
describe('uuid5 with NAMESPACE_OID', () => {
  it.each([
    ['chutes::chute::unsloth/Llama-3.2-1B-Instruct', 'edd0810e-51f8-5119-b480-09c950812833'],
    ['demo::chute::demo-echo', 'af24ed50-cedd-5532-ab96-0ac79586a1b3'],
    ['alice/echo-image:0.1', 'f4bba05b-87c9-5613-a648-9a2c5b46c7f0'],
    ['demo', '32a83486-1530-507c-add7-d97f4316b28b'],
    ['', '0a68eb57-c88a-5f34-9e9d-27f85e68af4f'],
  ])('uuid5(%j) = %s', (name, expected) => {
    expect(uuid5(name)).toBe(expected);
  });

  it('derives chute, image and version ids like the server', () => {
    expect(chuteIdFor('chutes', 'unsloth/Llama-3.2-1B-Instruct')).toBe('edd0810e-51f8-5119-b480-09c950812833');
    expect(imageIdFor('Alice', 'Echo-Image', '0.1')).toBe('f4bba05b-87c9-5613-a648-9a2c5b46c7f0');
    expect(chuteVersionFor('img', null, 'code')).toBe(uuid5('img:None:code'));
    expect(chuteVersionFor('img', '2', 'code')).toBe(uuid5('img:2:code'));
  });
});

describe('python-slugify port', () => {
  it.each([
    ['chutes-unsloth/Llama-3.2-1B-Instruct', 'chutes-unsloth-llama-3-2-1b-instruct'],
    ['alice-Foo__Bar  baz', 'alice-foo-bar-baz'],
    ["demo-it's 1,000 ok", 'demo-it-s-1000-ok'],
    ['x-&amp; y', 'x-y'],
    ['demo-Ünïcode-naïve', 'demo-unicode-naive'],
    ['demo-a/b.c_d', 'demo-a-b-c-d'],
    ['demo---x---', 'demo-x'],
    ['demo-caf&eacute; &#65;&#x42;', 'demo-cafe-ab'],
    ['demo-ß-æ', 'demo-ss-ae'],
    ['demo-x.y!', 'demo-x-y'],
    ['demo-ademo-ademo-ademo-ademo-ademo-ademo-ademo-ademo-ademo-ademo-a', 'demo-ademo-ademo-ademo-ademo-ademo-ademo-ademo-ademo-ademo'],
    ['demo-abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij', 'demo-abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc'],
  ])('slugify(%j, max_length=58) = %j', (input, expected) => {
    expect(slugify(input, 58)).toBe(expected);
  });

  it('builds chute slugs from username and name (docs/platform.md §2.2 example)', () => {
    expect(chuteSlugFor('chutes', 'unsloth/Llama-3.2-1B-Instruct')).toBe('chutes-unsloth-llama-3-2-1b-instruct');
    expect(chuteSlugFor('demo', 'secure-chat-TEE')).toBe('demo-secure-chat-tee');
  });
});

describe('Python uuid.UUID acceptance', () => {
  it('accepts dashed, undashed, braced and urn forms and rejects names', () => {
    expect(isPythonUuid('edd0810e-51f8-5119-b480-09c950812833')).toBe(true);
    expect(isPythonUuid('edd0810e51f85119b48009c950812833')).toBe(true);
    expect(isPythonUuid('{edd0810e-51f8-5119-b480-09c950812833}')).toBe(true);
    expect(isPythonUuid('urn:uuid:edd0810e-51f8-5119-b480-09c950812833')).toBe(true);
    expect(isPythonUuid('demo-echo')).toBe(false);
    expect(isPythonUuid('edd0810e-51f8-5119-b480-09c95081283')).toBe(false);
  });
});
