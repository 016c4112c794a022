// Emulator state, lookups shared by the routes, and crash-safe persistence.
import * as nodeFs from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChuteRec, ImageRec, State, UserRec } from './model';

export interface PersistFs {
  writeFileSync: typeof nodeFs.writeFileSync;
  openSync: typeof nodeFs.openSync;
  fsyncSync: typeof nodeFs.fsyncSync;
  closeSync: typeof nodeFs.closeSync;
  renameSync: typeof nodeFs.renameSync;
  rmSync: typeof nodeFs.rmSync;
}

/**
 * Write JSON next to the target and rename it into place, so a crash mid-write leaves either the old
 * file or the new one, never a torn one (rename is atomic within a directory).
 */
export function writeJsonAtomic(path: string, data: unknown, fs: PersistFs = nodeFs): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, JSON.stringify(data));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export function loadState(path: string): State | undefined {
  let text: string;
  try {
    text = nodeFs.readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`State file ${path} is not valid JSON (${(err as Error).message}); delete it or pass another --state path.`);
  }
  const state = parsed as Partial<State>;
  if (state?.version !== 1 || !Array.isArray(state.users) || !Array.isArray(state.chutes)) {
    throw new Error(`State file ${path} was not written by this emulator (missing version 1 layout).`);
  }
  return state as State;
}

export class Store {
  constructor(public state: State, private readonly path?: string) {}

  save(): void {
    if (this.path) writeJsonAtomic(this.path, this.state);
  }

  userById(id: string): UserRec | undefined {
    return this.state.users.find((u) => u.user_id === id);
  }

  userByName(username: string): UserRec | undefined {
    return this.state.users.find((u) => u.username === username);
  }

  imageById(id: string): ImageRec | undefined {
    return this.state.images.find((i) => i.image_id === id);
  }

  chuteById(id: string): ChuteRec | undefined {
    return this.state.chutes.find((c) => c.chute_id === id);
  }

  chuteBySlug(slug: string): ChuteRec | undefined {
    return this.state.chutes.find((c) => c.slug === slug);
  }

  /** get_one: exact id or exact name; with several owners of a name, the platform user `chutes` wins. */
  getOne(idOrName: string): ChuteRec | undefined {
    const byId = this.chuteById(idOrName);
    if (byId) return byId;
    const named = this.state.chutes.filter((c) => c.name === idOrName);
    const platform = this.userByName('chutes');
    return named.find((c) => c.user_id === platform?.user_id) ?? named[0];
  }

  isShared(chuteId: string, userId: string): boolean {
    return this.state.shares.some((s) => s.chute_id === chuteId && s.shared_to === userId);
  }

  /** The visibility rule of get_chute / _invoke: public, owned, or shared with the caller. */
  canSee(chute: ChuteRec, user: UserRec | null): boolean {
    return chute.public || (!!user && (chute.user_id === user.user_id || this.isShared(chute.chute_id, user.user_id)));
  }
}
