// The attestation report as a Markdown document (shown read-only by the extension).
import { CHECK_TITLES, type AttestationReport, type CheckStatus } from './report';

// Plain symbols rather than emoji: they render in every editor font.
const MARK: Record<CheckStatus, string> = { passed: '✓ passed', failed: '✗ failed', 'not checked': '– not checked' };

export function reportMarkdown(report: AttestationReport): string {
  const lines = [
    `# TEE attestation: ${text(report.chuteName)}`,
    '',
    `**${report.verified ? '✓ Verified' : '⚠ Not verified'}.** ${text(report.summary)}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Chute | ${text(report.chuteName)} (\`${report.chuteId}\`) |`,
    `| Checked at | ${utc(report.checkedAt)} |`,
    `| Nonce | \`${report.nonce}\` (32 fresh random bytes) |`,
    `| Collateral from | ${text(report.pccsUrl)} |`,
    '',
    '"Verified" means every check below ran and passed for every instance; anything not checked or failed means the evidence proves nothing.',
  ];
  for (const instance of report.instances) {
    lines.push('', `## Instance \`${instance.instanceId}\`: ${instance.verified ? 'verified' : 'not verified'}`, '', '| Check | Result | Why |', '| --- | --- | --- |');
    for (const check of instance.checks) lines.push(`| ${CHECK_TITLES[check.id]} | ${MARK[check.status]} | ${text(check.reason)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** A table cell: no line breaks, no pipes, no raw HTML. */
function text(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

export function utc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
