import * as vscode from 'vscode';
import type { ChutesClient } from '../../core/api/client';
import type { Chute } from '../../core/api/types';

/**
 * A QuickPick of the TEE chutes the user can see (their own and public ones), filled as the pages
 * arrive. Resolves undefined when dismissed; a failed listing rejects with the client's error.
 */
export function pickTeeChute(client: ChutesClient): Promise<Chute | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { chute: Chute }>();
  pick.title = 'Chutes: Verify Attestation';
  pick.placeholder = 'Pick a TEE chute to verify';
  pick.matchOnDescription = true;
  pick.busy = true;
  const abort = new AbortController();
  return new Promise<Chute | undefined>((resolve, reject) => {
    let settled = false;
    const finish = (value: Chute | undefined, error?: unknown) => {
      if (settled) return;
      settled = true;
      abort.abort();
      pick.dispose();
      if (error) reject(error);
      else resolve(value);
    };
    pick.onDidAccept(() => finish(pick.selectedItems[0]?.chute));
    pick.onDidHide(() => finish(undefined));
    pick.show();
    void (async () => {
      try {
        for await (const page of client.paginate((p, s) => client.listChutes(p, s), { include_public: true, limit: 100 }, abort.signal)) {
          const tee = page.items.filter((chute) => chute.tee);
          pick.items = [
            ...pick.items,
            ...tee.map((chute) => ({
              label: `$(shield) ${chute.name}`,
              description: [chute.public ? 'public' : 'yours', chute.hot ? 'hot' : 'cold'].join(', '),
              detail: chute.chute_id,
              chute,
            })),
          ];
        }
        pick.busy = false;
        if (!pick.items.length) pick.placeholder = 'No TEE chutes are visible to you';
      } catch (error) {
        finish(undefined, error);
      }
    })();
  });
}
