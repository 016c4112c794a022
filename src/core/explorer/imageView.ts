// Images as the explorer lists them (docs/platform.md §2.3): build state, tag and build time.
import type { Image } from '../api/types';

export type ImageState = 'built' | 'building' | 'pending' | 'error';

export function imageState(image: Image): ImageState {
  if (image.status.startsWith('built and pushed')) return 'built';
  if (image.status.startsWith('error')) return 'error';
  if (image.status === 'building') return 'building';
  return 'pending';
}

/** Build time as "12 min 3 s", from the build start and end; undefined while it runs. */
export function buildDuration(image: Image): string | undefined {
  const start = Date.parse(image.build_started_at ?? '');
  const end = Date.parse(image.build_completed_at ?? '');
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return undefined;
  const seconds = Math.round((end - start) / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}

export function imageDescription(image: Image): string {
  const duration = buildDuration(image);
  return [image.tag, image.status.startsWith('error') ? 'error' : image.status, duration ? `built in ${duration}` : '', image.public ? 'public' : '']
    .filter(Boolean)
    .join(' · ');
}
