/**
 * Aliyun dysmsapi and Tencent Cloud SMS on loopback, for the provider and dispatch tests. Each
 * checks the request's signature itself — written from the providers' published steps, not with
 * our signing helpers — and answers what the test's `reply` says only when it matches.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';

export interface LocalApi<R> {
  url: string;
  received: R[];
  close(): Promise<void>;
}

/** Writes a JSON reply. */
export function replyJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
}

async function listen<R>(
  parse: (req: { method: string | undefined; headers: IncomingHttpHeaders; body: string }) => R,
  handle: (r: R, res: ServerResponse) => void,
  path: string,
): Promise<LocalApi<R>> {
  const received: R[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = parse({
        method: req.method,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      received.push(r);
      handle(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface AliyunReceived {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  params: URLSearchParams;
}

/** dysmsapi on loopback: refuses a bad signature (`SignatureDoesNotMatch`), else answers `reply`. */
export function startDysmsapi(
  accessKeySecret: string,
  reply: (req: AliyunReceived, res: ServerResponse) => void,
): Promise<LocalApi<AliyunReceived>> {
  return listen(
    (req) => ({ method: req.method, headers: req.headers, params: new URLSearchParams(req.body) }),
    (r, res) => {
      if (!aliyunSignatureMatches(r, accessKeySecret)) {
        replyJson(res, 400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched' });
        return;
      }
      reply(r, res);
    },
    '/',
  );
}

/**
 * Aliyun's check from its description: decode the form, drop Signature, sort, re-encode with
 * encodeURIComponent plus the RFC 3986 fix-ups, sign `POST&%2F&…` with HMAC-SHA1 under `secret&`.
 */
function aliyunSignatureMatches(r: AliyunReceived, accessKeySecret: string): boolean {
  const rfc3986 = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const pairs = [...r.params.entries()]
    .filter(([k]) => k !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const canonical = pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
  const stringToSign = `POST&${rfc3986('/')}&${rfc3986(canonical)}`;
  const expected = createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
  return r.params.get('Signature') === expected;
}

export interface TencentReceived {
  headers: IncomingHttpHeaders;
  body: string;
}

/** sms.tencentcloudapi.com on loopback: refuses a bad TC3 signature, else answers `reply`. */
export function startTencentApi(
  credentials: { secretId: string; secretKey: string },
  reply: (req: TencentReceived, res: ServerResponse) => void,
): Promise<LocalApi<TencentReceived>> {
  return listen(
    (req) => ({ headers: req.headers, body: req.body }),
    (r, res) => {
      const problem = tc3Problem(r, credentials);
      if (problem) {
        replyJson(res, 200, {
          Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: problem }, RequestId: 'x' },
        });
        return;
      }
      reply(r, res);
    },
    '',
  );
}

/** Tencent's check, written from the published steps with the headers as they arrived. */
function tc3Problem(r: TencentReceived, credentials: { secretId: string; secretKey: string }): string | null {
  const auth =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(
      String(r.headers.authorization),
    );
  if (!auth) return 'malformed Authorization';
  const [, secretId, date, signature] = auth;
  if (secretId !== credentials.secretId) return 'unknown SecretId';
  const timestamp = String(r.headers['x-tc-timestamp']);
  if (date !== new Date(Number(timestamp) * 1000).toISOString().slice(0, 10))
    return 'credential date mismatch';
  const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  const canonicalRequest = `POST\n/\n\ncontent-type:${r.headers['content-type']}\nhost:${r.headers.host}\n\ncontent-type;host\n${sha256(r.body)}`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${sha256(canonicalRequest)}`;
  const kDate = createHmac('sha256', `TC3${credentials.secretKey}`).update(date!).digest();
  const kService = createHmac('sha256', kDate).update('sms').digest();
  const kSigning = createHmac('sha256', kService).update('tc3_request').digest();
  const expected = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  return expected === signature ? null : 'signature mismatch';
}
