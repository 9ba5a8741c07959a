import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import type { ErrorDetail, ErrorResponseBody } from './error-response';

// What Node's HTTP parser (llhttp) names, as the field of the request it could not read.
const FIELDS: Record<string, string> = {
  HPE_INVALID_METHOD: 'method',
  HPE_INVALID_URL: 'url',
  HPE_INVALID_VERSION: 'request',
  HPE_CR_EXPECTED: 'request',
  HPE_LF_EXPECTED: 'request',
  HPE_INVALID_HEADER_TOKEN: 'headers',
  HPE_INVALID_CONTENT_LENGTH: 'content-length',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'content-length',
  HPE_INVALID_TRANSFER_ENCODING: 'transfer-encoding',
  HPE_INVALID_CHUNK_SIZE: 'body',
  HPE_STRICT: 'body',
};

/**
 * Fastify's `clientErrorHandler`: the answer to a request Node's HTTP parser refused before any
 * route or hook saw it (a Content-Length with a Transfer-Encoding, two Content-Lengths, an
 * obs-fold, a bare LF, a bad chunk size, headers over 16 KB, a timeout). Fastify's own answer
 * has neither `errors` nor the headers every other answer has; this one names the field and the
 * rule (`wellFormed`, with llhttp's reason; `maxBytes` for 431), and carries `headers` (the
 * security headers, `X-Served-By`) and a new `X-Request-Id`. The connection is closed: what
 * follows the bad bytes cannot be framed. When the request was answered already, or an answer is
 * being written, the connection is closed without another.
 *
 * @publicApi
 */
export function clientErrorHandler(
  headers: Readonly<Record<string, string>>,
): (error: Error & { code?: string; reason?: string }, socket: Socket) => void {
  return (error, socket) => {
    // A reset connection has nobody to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    if (answerUnderWay(socket as ServerSocket)) {
      socket.destroy();
      return;
    }
    const { statusCode, detail } = refusalOf(error);
    const body: ErrorResponseBody = {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message: detail.message,
      errors: [detail],
    };
    const json = JSON.stringify(body);
    const lines = [
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      `x-request-id: ${randomUUID()}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(json)}`,
      'connection: close',
    ];
    if (socket.writable) socket.end(`${lines.join('\r\n')}\r\n\r\n${json}`, () => socket.destroy());
    else socket.destroy();
  };
}

/** Node's own view of a server connection, which its default answer checks as this one does. */
interface ServerSocket extends Socket {
  _httpMessage?: { headersSent: boolean } | null;
  parser?: { incoming?: { complete: boolean } | null } | null;
}

/**
 * Whether an answer is on the connection already: one being written (Node's own check), or one
 * sent to the request whose body the parser then refused (an app answers 415 before reading a
 * body). A second answer would be read as the answer to the next request.
 */
function answerUnderWay(socket: ServerSocket): boolean {
  const response = socket._httpMessage;
  if (response) return response.headersSent;
  const incoming = socket.parser?.incoming;
  return incoming !== undefined && incoming !== null && !incoming.complete;
}

function refusalOf(error: Error & { code?: string; reason?: string }): { statusCode: number; detail: ErrorDetail } {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const message = 'Request headers are too large';
    return { statusCode: 431, detail: { field: 'headers', rule: 'maxBytes', message } };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    const message = 'The request was not received in time';
    return { statusCode: 408, detail: { field: 'request', rule: 'timeout', message } };
  }
  const reason = error.reason ?? error.message;
  const message = `Malformed HTTP/1.1 request: ${reason}`;
  const field = (error.code && FIELDS[error.code]) ?? 'request';
  return { statusCode: 400, detail: { field, rule: 'wellFormed', message } };
}
