// A real, minimal SMTP server on 127.0.0.1 for the end-to-end tests: the
// server under test is given SMTP_URL pointing here, so its emails leave
// through lettre exactly as in production and the tests read them from
// here. Plain SMTP only (no STARTTLS, no AUTH: loopback, test data). It
// speaks EHLO/HELO, MAIL FROM, RCPT TO, DATA (dot-terminated, dot-unstuffed),
// RSET, NOOP and QUIT; anything else gets 502. Node built-ins only.
import { createServer } from "node:net";

const HOST = "127.0.0.1";
/** Largest message kept (bytes); a bigger one gets 552 and is dropped. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Longest command line; a client that sends more without CRLF is cut off. */
const MAX_LINE_BYTES = 64 * 1024;
const CRLF = Buffer.from("\r\n");

/**
 * Starts the sink on a free port of 127.0.0.1.
 * `messages` is filled in arrival order with
 * `{ from, to: [...], raw, headers, subject, text, html }`.
 */
export async function startSmtpSink() {
  const messages = [];
  const sockets = new Set();
  const server = createServer((socket) => {
    // Neither the server nor its connections keep node running, so a test
    // file whose setup failed before close() still exits.
    socket.unref();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A client that goes away mid-conversation is not the test's failure.
    socket.on("error", () => {});
    session(socket, (message) => messages.push(message));
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, HOST, () => {
      server.off("error", fail);
      ok();
    });
  });
  server.unref();
  const { port } = server.address();

  return {
    port,
    url: `smtp://${HOST}:${port}`,
    messages,
    /**
     * The first message (oldest first) for which `predicate` is true,
     * waiting for it to arrive. The app's outbox worker polls every 5 s, so
     * the default allows for a few rounds.
     */
    async waitFor(predicate, { timeoutMs = 20_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => predicate(m));
        if (found) return found;
        if (Date.now() >= deadline) {
          const seen = messages.map((m) => `  to ${m.to.join(", ")}: ${JSON.stringify(m.subject)}`);
          throw new Error(
            `no matching email arrived within ${timeoutMs} ms; ${messages.length} received` +
              (seen.length ? `:\n${seen.join("\n")}` : ""),
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Every http(s) address in the message's text body, in order. */
    linksIn(message) {
      return linksIn(message.text || "");
    },
    /** Stops listening and drops open connections (lettre keeps a pool). */
    close() {
      return new Promise((ok) => {
        server.close(() => ok());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** One SMTP conversation (RFC 5321, the parts a client needs). */
function session(socket, deliver) {
  const reply = (text) => {
    if (!socket.destroyed) socket.write(`${text}\r\n`);
  };
  let buffer = Buffer.alloc(0);
  let from = null;
  let to = [];
  let inData = false;
  let dataLines = [];
  let dataBytes = 0;
  let quit = false;

  const resetTransaction = () => {
    from = null;
    to = [];
  };

  const onCommand = (line) => {
    const command = line.toString("utf8");
    const verb = command.split(/[ :]/, 1)[0].toUpperCase();
    switch (verb) {
      case "EHLO":
        resetTransaction();
        // lettre reads the first word after the code as the server's name,
        // and the other lines as extensions; STARTTLS and AUTH are not offered.
        return reply(
          `250-${HOST} greets you\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-PIPELINING\r\n250 SIZE ${MAX_MESSAGE_BYTES}`,
        );
      case "HELO":
        resetTransaction();
        return reply(`250 ${HOST} greets you`);
      case "MAIL": {
        const address = addressAfter(command, "MAIL FROM:");
        if (address === null) return reply("501 5.5.4 Syntax: MAIL FROM:<address>");
        if (from !== null) return reply("503 5.5.1 Nested MAIL command");
        from = address;
        to = [];
        return reply("250 2.1.0 OK");
      }
      case "RCPT": {
        if (from === null) return reply("503 5.5.1 MAIL first");
        const address = addressAfter(command, "RCPT TO:");
        if (!address) return reply("501 5.5.4 Syntax: RCPT TO:<address>");
        to.push(address);
        return reply("250 2.1.5 OK");
      }
      case "DATA":
        if (from === null || to.length === 0) return reply("503 5.5.1 RCPT first");
        inData = true;
        dataLines = [];
        dataBytes = 0;
        return reply("354 End data with <CR><LF>.<CR><LF>");
      case "RSET":
        resetTransaction();
        return reply("250 2.0.0 OK");
      case "NOOP":
        return reply("250 2.0.0 OK");
      case "QUIT":
        quit = true;
        reply("221 2.0.0 Bye");
        return socket.end();
      case "":
        return reply("500 5.5.2 Empty command");
      default:
        return reply("502 5.5.1 Command not implemented");
    }
  };

  const onDataLine = (line) => {
    if (line.length === 1 && line[0] === 0x2e) {
      inData = false;
      if (dataBytes > MAX_MESSAGE_BYTES) {
        reply("552 5.3.4 Message too big");
      } else {
        const raw = Buffer.concat(dataLines.flatMap((l) => [l, CRLF])).toString("utf8");
        deliver({ from, to, ...parseMessage(raw) });
        reply("250 2.0.0 OK queued");
      }
      resetTransaction();
      dataLines = [];
      return;
    }
    // Dot-stuffing: the client doubled every leading dot.
    const unstuffed = line[0] === 0x2e ? line.subarray(1) : line;
    dataBytes += unstuffed.length + 2;
    if (dataBytes <= MAX_MESSAGE_BYTES) dataLines.push(unstuffed);
  };

  socket.on("data", (chunk) => {
    // Commands may arrive pipelined (several in one chunk), and a line may
    // be split across chunks: only complete lines are acted on, in order.
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    let start = 0;
    for (;;) {
      if (quit) return;
      const lf = buffer.indexOf(0x0a, start);
      if (lf < 0) break;
      const end = lf > start && buffer[lf - 1] === 0x0d ? lf - 1 : lf;
      // A copy, so the chunk the line came from can be released.
      const line = Buffer.from(buffer.subarray(start, end));
      start = lf + 1;
      if (inData) onDataLine(line);
      else onCommand(line);
    }
    buffer = buffer.subarray(start);
    if (buffer.length > MAX_LINE_BYTES) {
      reply("500 5.5.2 Line too long");
      socket.destroy();
    }
  });

  reply(`220 ${HOST} Gatehouse end-to-end SMTP sink ready`);
}

/** The address in `<...>` after `MAIL FROM:` / `RCPT TO:` (any case); `""` for `<>`. */
function addressAfter(command, prefix) {
  if (command.slice(0, prefix.length).toUpperCase() !== prefix) return null;
  const match = /^\s*<([^>]*)>/.exec(command.slice(prefix.length));
  return match ? match[1].trim() : null;
}

/**
 * A message as received: its headers (unfolded, names in lower case, the
 * first of each name), the decoded subject, and the decoded text/plain and
 * text/html bodies (`null` when absent).
 */
export function parseMessage(raw) {
  const { headers, body } = splitEntity(raw);
  const found = { text: null, html: null };
  collectBodies(headers, body, found);
  return {
    raw,
    headers,
    subject: decodeEncodedWords(headers.subject ?? ""),
    text: found.text,
    html: found.html,
  };
}

function splitEntity(raw) {
  const blank = /\r?\n\r?\n/.exec(raw);
  const head = blank ? raw.slice(0, blank.index) : raw;
  const body = blank ? raw.slice(blank.index + blank[0].length) : "";
  const headers = {};
  // Unfolding: a line break followed by white space continues the header.
  for (const line of head.replace(/\r?\n(?=[ \t])/g, "").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** `type/subtype; a=b; c="d"` → `{ type, params }` (type and names in lower case). */
function parseContentType(value) {
  const [type, ...rest] = (value || "text/plain").split(";");
  const params = {};
  // Quoted values may themselves contain ";", hence the rejoin.
  const re = /([^=\s;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const m of rest.join(";").matchAll(re)) {
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3].trim();
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Walks (possibly nested) multiparts; the first text/plain and text/html win. */
function collectBodies(headers, body, found) {
  const { type, params } = parseContentType(headers["content-type"]);
  if (type.startsWith("multipart/") && params.boundary) {
    for (const part of splitMultipart(body, params.boundary)) {
      const entity = splitEntity(part);
      collectBodies(entity.headers, entity.body, found);
    }
    return;
  }
  if (/^\s*attachment\b/i.test(headers["content-disposition"] || "")) return;
  const key = type === "text/html" ? "html" : type === "text/plain" ? "text" : null;
  if (key && found[key] === null) {
    found[key] = decodeBody(body, headers["content-transfer-encoding"], params.charset);
  }
}

/** The parts between `--boundary` lines; the line break before a delimiter belongs to it. */
function splitMultipart(body, boundary) {
  const parts = [];
  let current = null;
  for (const line of body.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(current.join("\r\n"));
      current = [];
    } else if (current) {
      current.push(line);
    }
  }
  if (current) parts.push(current.join("\r\n"));
  return parts;
}

function decodeBody(body, transferEncoding, charset) {
  switch ((transferEncoding || "7bit").trim().toLowerCase()) {
    case "quoted-printable":
      return bytesToString(decodeQuotedPrintable(body), charset);
    case "base64":
      return bytesToString(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64"), charset);
    default:
      // 7bit, 8bit, binary: the text as sent (the message was read as UTF-8).
      return body;
  }
}

function decodeQuotedPrintable(text) {
  return decodeHexEscapes(
    text
      .replace(/[ \t]+(?=\r?\n|$)/g, "") // trailing white space is transport padding
      .replace(/=\r?\n/g, ""), // soft line breaks
  );
}

/** `=XX` → that byte; everything else → its UTF-8 bytes. */
function decodeHexEscapes(text) {
  const bytes = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === "=" ? text.slice(i + 1, i + 3) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], "utf8"));
    }
  }
  return Buffer.from(bytes);
}

function bytesToString(bytes, charset = "utf-8") {
  try {
    return new TextDecoder(charset.trim().split("*")[0]).decode(bytes);
  } catch {
    return bytes.toString("utf8"); // an unknown charset label
  }
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded words (`=?utf-8?q?...?=`, `=?utf-8?b?...?=`) in
 * a header value. White space between adjacent encoded words is dropped,
 * and their bytes are joined before decoding, since a long subject is split
 * into several words, possibly in the middle of a character.
 */
export function decodeEncodedWords(value) {
  let out = "";
  let pending = null; // { charset, bytes: [...] } of adjacent encoded words
  let last = 0;
  const flush = () => {
    if (pending) out += bytesToString(Buffer.concat(pending.bytes), pending.charset);
    pending = null;
  };
  for (const m of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, m.index);
    const charset = m[1].split("*")[0].toLowerCase();
    const bytes =
      m[2].toLowerCase() === "b" ? Buffer.from(m[3], "base64") : decodeHexEscapes(m[3].replace(/_/g, " "));
    const adjacent = pending !== null && /^[ \t\r\n]*$/.test(between);
    if (adjacent && pending.charset === charset) {
      pending.bytes.push(bytes);
    } else {
      flush();
      if (!adjacent) out += between;
      pending = { charset, bytes: [bytes] };
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

/** Every http(s) address in `text`, without trailing sentence punctuation. */
export function linksIn(text) {
  return [...text.matchAll(/https?:\/\/[^\s<>"'`]+/g)].map((m) => m[0].replace(/[.,;:!?)\]]+$/, ""));
}
