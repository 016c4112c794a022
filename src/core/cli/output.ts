// What the chutes CLI prints, read back into facts (SDK chutes/entrypoint/build.py, deploy.py;
// docs/platform.md §4). The CLI logs with loguru: `<time> | LEVEL | module:function:line - message`.
// Every parser takes any text and returns undefined when the fact is not there.

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const LOGURU = /^\d{4}-\d\d-\d\d [\d:.]+ \| (\w+)\s*\| [\w.]+:[\w<>]+:\d+ - (.*)$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface CliLine {
  /** loguru level (`INFO`, `ERROR`, `SUCCESS`...) or undefined for plain prints. */
  level?: string;
  message: string;
}

export function parseLine(raw: string): CliLine {
  const text = stripAnsi(raw).replace(/\r$/, '');
  const match = LOGURU.exec(text);
  return match ? { level: match[1], message: match[2] } : { message: text };
}

/** `Uploaded image package: image_id=<uuid>, build will run async` */
export function uploadedImageId(output: string): string | undefined {
  return new RegExp(`Uploaded image package: image_id=(${UUID})`).exec(output)?.[1];
}

export interface Deployed {
  name: string;
  chuteId: string;
  version: string;
}

/** `Successfully deployed chute <name> chute_id='<uuid>' version=<uuid> invocations will be available soon!` */
export function deployedChute(output: string): Deployed | undefined {
  const match = new RegExp(`Successfully deployed chute (.+?) chute_id='(${UUID})' version=(${UUID})`).exec(stripAnsi(output));
  return match ? { name: match[1], chuteId: match[2], version: match[3] } : undefined;
}

/** The server's 402 detail the CLI logs when the fee was not accepted (docs/platform.md §2.2). */
export function feeNotice(output: string): string | undefined {
  return errorMessages(output).find((m) => m.startsWith('DEPLOYMENT FEE NOTICE:'));
}

/** The fee in dollars named in the notice (`... which for this configuration is: $0.75`), when there is one. */
export function feeAmount(notice: string): string | undefined {
  return /\$\s?(\d+(?:\.\d+)?)/.exec(notice)?.[1];
}

/** The 409 on an identical redeploy: `Chute with name=<n>, version='<v>' and public=<b> already exists`. */
export function alreadyDeployed(output: string): { name: string; version: string } | undefined {
  const match = new RegExp(`Chute with name=(.+?), version='(${UUID})' and public=\\w+ already exists`).exec(stripAnsi(output));
  return match ? { name: match[1], version: match[2] } : undefined;
}

/** `Image '<id>' is not available to be used (yet)!`: the CLI's own pre-deploy check failed. */
export function unavailableImage(output: string): string | undefined {
  return /Image '([^']+)' is not available to be used \(yet\)!/.exec(stripAnsi(output))?.[1];
}

/** `You appear to be using a pre-defined/standard image '<ref>', no need to build anything!` */
export function standardImage(output: string): string | undefined {
  return /using a pre-defined\/standard image '([^']+)'/.exec(stripAnsi(output))?.[1];
}

/** `Image with name=<n> and tag=<t> already exists!` (build of an image that exists). */
export function imageExists(output: string): boolean {
  return /Image with name=.+ and tag=.+ already exists!/.test(stripAnsi(output));
}

/**
 * Every ERROR/CRITICAL message with the plain lines that continue it (the fee notice spans four),
 * and a Python traceback's last line, in order.
 */
export function errorMessages(output: string): string[] {
  const lines = output.split(/\r?\n/).map(parseLine);
  const errors: string[] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    if (line.level) {
      if (current) errors.push(current.join('\n').trim());
      current = line.level === 'ERROR' || line.level === 'CRITICAL' ? [line.message] : undefined;
    } else if (current && line.message.trim() && !line.message.includes('Traceback (most recent call last)')) {
      current.push(line.message.trim());
    } else if (current) {
      errors.push(current.join('\n').trim());
      current = undefined;
    }
  }
  if (current) errors.push(current.join('\n').trim());
  const traceback = lines.findIndex((l) => l.message.includes('Traceback (most recent call last)'));
  if (traceback >= 0) {
    const last = lines.slice(traceback + 1).reverse().find((l) => /^\w[\w.]*(Error|Exception|Exit|Required|Configured)\b.*/.test(l.message));
    if (last) errors.push(last.message.trim());
  }
  return errors;
}

/** A y/n question the CLI is waiting on: the unfinished last line of its output, when it ends in `(y/n)`. */
export function pendingPrompt(partialLine: string): string | undefined {
  const text = stripAnsi(partialLine).trim();
  return /\(y\/n\)$/i.test(text) ? text : undefined;
}
