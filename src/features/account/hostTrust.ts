import * as vscode from 'vscode';
import { log } from '../../shared/log';

const TRUSTED_HOSTS = 'chutes.trustedHosts';

/**
 * The user's answer to "Send your Chutes credentials to <host>?", asked by ChutesClient before the
 * first credentialed request to a host that is neither the default platform nor loopback
 * (docs/trust.md). A yes is remembered per host in global state; a no is not, so the next request
 * asks again.
 */
export class HostTrust {
  constructor(private readonly state: vscode.Memento) {}

  async confirm(host: string): Promise<boolean> {
    if (this.trusted().includes(host)) return true;
    const send = 'Send Credentials';
    const choice = await vscode.window.showWarningMessage(
      `Send your Chutes credentials to ${host}?`,
      {
        modal: true,
        detail: `${host} is not the Chutes platform (chutes.ai) nor this machine. Your API key or hotkey signature would go there with every request. Send them only to a server you run or trust; this is asked once per host.`,
      },
      send,
    );
    if (choice !== send) {
      log.warn(`Credentials were not sent to ${host}: the user did not confirm it.`);
      return false;
    }
    await this.state.update(TRUSTED_HOSTS, [...this.trusted(), host]);
    log.info(`${host} confirmed for Chutes credentials.`);
    return true;
  }

  /** Hosts the user confirmed, in the order they did. */
  trusted(): string[] {
    const hosts = this.state.get<unknown>(TRUSTED_HOSTS);
    return Array.isArray(hosts) ? hosts.filter((h): h is string => typeof h === 'string') : [];
  }
}
