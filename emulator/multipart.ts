// multipart/form-data parsing (RFC 7578) for POST /images/. Anything malformed yields no fields, which
// the route then reports the way FastAPI does: 422 "Field required" per missing form field.

export interface FormPart { name: string; filename: string | null; contentType: string | null; data: Buffer }

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType.trim())) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = parsePart(body.subarray(start, next - 2)); // drop the CRLF before the delimiter
    if (part) parts.push(part);
    pos = next;
  }
  return parts;
}

function parsePart(raw: Buffer): FormPart | undefined {
  const split = raw.indexOf('\r\n\r\n');
  if (split === -1) return undefined;
  const headers = raw.subarray(0, split).toString('utf8').split('\r\n');
  const disposition = headers.find((h) => /^content-disposition:/i.test(h));
  const name = disposition && /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (!name) return undefined;
  const filename = disposition ? (/\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null) : null;
  const type = headers.find((h) => /^content-type:/i.test(h));
  return { name, filename, contentType: type ? type.slice(type.indexOf(':') + 1).trim() : null, data: raw.subarray(split + 4) };
}
