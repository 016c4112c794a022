// Images: list, get and delete (build logs are in streams.test.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../../../src/core/api/errors';
import { apiError, failure, useEmulator } from './setup';

const emu = useEmulator();
const OWN = ['broken-image:0.1', 'building-image:0.2', 'echo-image:0.1', 'legacy-image:0.1', 'pending-image:0.3'];
const tagged = (images: Array<{ name: string; tag: string }>) => images.map((i) => `${i.name}:${i.tag}`).sort();

describe('listImages', () => {
  it('lists your images in every build state, with the API key and with the hotkey', async () => {
    for (const client of [emu.apiKey, emu.hotkey]) {
      const page = await client.listImages();
      expect(tagged(page.items)).toEqual(OWN);
      expect(page.total).toBe(5);
    }
    const statuses = (await emu.apiKey.listImages()).items.map((i) => i.status);
    expect(statuses).toEqual(expect.arrayContaining(['built and pushed', 'pending build', 'building', expect.stringMatching(/^error: Image build failed/)]));
  });

  it('adds the public platform images with include_public, and filters by name and tag', async () => {
    const all = await emu.hotkey.listImages({ include_public: true, limit: 50 });
    expect(all.items.filter((i) => i.public).map((i) => `${i.user?.username}/${i.name}`).sort()).toEqual(['chutes/diffusion', 'chutes/sglang', 'chutes/vllm']);
    expect(tagged((await emu.apiKey.listImages({ name: 'ECHO' })).items)).toEqual(['echo-image:0.1']);
    expect(tagged((await emu.apiKey.listImages({ tag: '0.1' })).items)).toEqual(['broken-image:0.1', 'echo-image:0.1', 'legacy-image:0.1']);
  });

  it('pages with limit', async () => {
    const pages = [];
    for await (const page of emu.apiKey.paginate((p, s) => emu.apiKey.listImages(p, s), { limit: 2 })) pages.push(page.items.length);
    expect(pages).toEqual([2, 2, 1]);
  });

  it('fails locally signed out: the server needs a user here', async () => {
    const error = await failure(emu.signedOut.listImages());
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect(error).toMatchObject({ reason: 'signed-out' });
  });
});

describe('getImage', () => {
  it('gets an image by name:tag and by id, with its build times and SDK version', async () => {
    const byName = await emu.apiKey.getImage('echo-image:0.1');
    expect(byName).toMatchObject({ name: 'echo-image', tag: '0.1', status: 'built and pushed', chutes_version: '0.6.10', readme: 'Echo demo image', user: { username: 'demo' } });
    expect(byName.build_completed_at).toBeTruthy();
    expect(await emu.hotkey.getImage(byName.image_id)).toEqual(byName);
  });

  it('gets a public image of another user by username/name:tag', async () => {
    expect(await emu.apiKey.getImage('chutes/vllm:nightly-2025111700')).toMatchObject({ public: true, user: { username: 'chutes' } });
  });

  it('hides another user\'s private image and unknown names', async () => {
    await apiError(emu.apiKey.getImage('alice/notes-image:1.0'), 404, 'Image not found, or does not belong to you');
    await apiError(emu.hotkey.getImage('nothing:here'), 404, 'Image not found, or does not belong to you');
  });

  it('fails locally signed out', async () => {
    expect(await failure(emu.signedOut.getImage('echo-image:0.1'))).toBeInstanceOf(AuthRequiredError);
  });
});

describe('deleteImage', () => {
  beforeEach(() => emu.reset());

  it('deletes an unused image, hotkey-signed', async () => {
    const { image_id } = await emu.apiKey.getImage('pending-image:0.3');
    expect(await emu.hotkey.deleteImage('pending-image:0.3')).toEqual({ image_id, deleted: true });
    await apiError(emu.apiKey.getImage(image_id), 404, 'Image not found, or does not belong to you');
  });

  it('refuses an image a chute uses', async () => {
    await apiError(emu.apiKey.deleteImage('echo-image:0.1'), 409, 'Image is in use by one or more chutes');
  });

  it('refuses an image that is not yours, even a public one', async () => {
    await apiError(emu.apiKey.deleteImage('chutes/vllm:nightly-2025111700'), 404, 'Image not found, or does not belong to you');
    await apiError(emu.apiKey.deleteImage('alice/notes-image:1.0'), 404, 'Image not found, or does not belong to you');
  });
});
