// The end-to-end SMTP sink, on its own: a raw SMTP conversation over a
// socket, shaped like lettre's (multipart/alternative, quoted-printable,
// base64, an encoded subject), sent pipelined and in awkward chunks.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { startSmtpSink } from "./smtp-sink.mjs";

let sink;
before(async () => {
  sink = await startSmtpSink();
});
after(async () => {
  await sink?.close();
});

/** A client that reads whole (possibly multi-line) replies in order. */
async function client(port) {
  const socket = connect(port, "127.0.0.1");
  await new Promise((ok, fail) => socket.once("connect", ok).once("error", fail));
  let buffer = "";
  const waiting = [];
  const replies = [];
  const take = () => {
    // A reply ends with a line of "NNN " (a space, not a dash, after the code).
    const end = /^\d{3} [^\r\n]*\r\n/m.exec(buffer);
    if (!end) return false;
    const reply = buffer.slice(0, end.index + end[0].length);
    buffer = buffer.slice(reply.length);
    replies.push(reply);
    return true;
  };
  socket.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    while (take()) while (waiting.length && replies.length) waiting.shift()(replies.shift());
  });
  return {
    socket,
    /** The next reply, e.g. "250-...\r\n250 SIZE 10\r\n". */
    next() {
      if (replies.length) return Promise.resolve(replies.shift());
      return new Promise((ok) => waiting.push(ok));
    },
    async expect(code) {
      const reply = await this.next();
      assert.match(reply, new RegExp(`^${code}[ -]`), `expected ${code}, got ${JSON.stringify(reply)}`);
      return reply;
    },
  };
}

const LINK = "http://127.0.0.1:3000/set-password/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

// As lettre writes it: CRLF line ends, a folded Content-Type, quoted-printable
// text with soft line breaks inside the link and a "=" escape, a line that
// starts with a dot (doubled on the wire), and base64 HTML.
const MESSAGE = [
  "From: gatehouse@nhs.net",
  "To: grace.adams@gatehouse-demo.nhs.uk",
  "Subject: =?utf-8?q?R=C3=A9initialiser_votre?=",
  " =?utf-8?b?IG1vdCBkZSBwYXNzZSDigJQgR2F0ZWhvdXNl?=",
  "MIME-Version: 1.0",
  "Content-Type: multipart/alternative;",
  ' boundary="LgX9s3bq"',
  "",
  "--LgX9s3bq",
  "Content-Type: text/plain; charset=utf-8",
  "Content-Transfer-Encoding: quoted-printable",
  "",
  "Dear Grace Adams,",
  "",
  "Someone asked to reset the password for your Gatehouse account. The link w=",
  "orks once, 1 =3D one hour.",
  "",
  ".A line that starts with a dot.",
  "",
  "Reset your password:",
  `${LINK.slice(0, 60)}=`,
  `${LINK.slice(60)}`,
  "--LgX9s3bq",
  "Content-Type: text/html; charset=utf-8",
  "Content-Transfer-Encoding: base64",
  "",
  ...Buffer.from(`<p>Caf\u00e9 <a href="${LINK}">Reset your password</a></p>`)
    .toString("base64")
    .match(/.{1,76}/g),
  "--LgX9s3bq--",
  "",
].join("\r\n");

test("a pipelined lettre-style conversation, split across chunks, is parsed and decoded", async () => {
  const c = await client(sink.port);
  await c.expect(220);
  c.socket.write("EHLO [127.0.0.1]\r\n");
  const ehlo = await c.expect(250);
  assert.match(ehlo, /^250-/, "EHLO gets a multi-line reply");
  assert.match(ehlo, /8BITMIME/);
  assert.doesNotMatch(ehlo, /STARTTLS|AUTH/);

  // Pipelined envelope, then the message in chunks that split a CRLF, a
  // dot-stuffed line and the final "." line.
  c.socket.write(
    "MAIL FROM:<gatehouse@nhs.net> BODY=8BITMIME\r\nRCPT TO:<grace.adams@gatehouse-demo.nhs.uk>\r\nRCPT TO:<copy@nhs.net>\r\nDATA\r\n",
  );
  for (const code of [250, 250, 250, 354]) await c.expect(code);
  const wire = `${MESSAGE.replace(/^\./gm, "..")}\r\n.\r\n`;
  const cuts = [17, wire.indexOf("\r\n", 300) + 1, wire.indexOf("..A") + 1, wire.length - 2].sort((a, b) => a - b);
  let from = 0;
  for (const cut of [...cuts, wire.length]) {
    c.socket.write(wire.slice(from, cut));
    from = cut;
    await new Promise((r) => setTimeout(r, 5)); // separate TCP segments, most likely
  }
  await c.expect(250);

  c.socket.write("NOOP\r\nRSET\r\nVRFY someone\r\nDATA\r\nQUIT\r\n");
  await c.expect(250);
  await c.expect(250);
  await c.expect(502);
  await c.expect(503);
  await c.expect(221);

  assert.equal(sink.messages.length, 1);
  const mail = await sink.waitFor((m) => m.to.includes("grace.adams@gatehouse-demo.nhs.uk"), { timeoutMs: 500 });
  assert.equal(mail.from, "gatehouse@nhs.net");
  assert.deepEqual(mail.to, ["grace.adams@gatehouse-demo.nhs.uk", "copy@nhs.net"]);
  assert.equal(mail.subject, "R\u00e9initialiser votre mot de passe \u2014 Gatehouse");
  assert.equal(mail.raw, `${MESSAGE}\r\n`);
  assert.equal(
    mail.text,
    [
      "Dear Grace Adams,",
      "",
      "Someone asked to reset the password for your Gatehouse account. The link works once, 1 = one hour.",
      "",
      ".A line that starts with a dot.",
      "",
      "Reset your password:",
      LINK,
    ].join("\r\n"),
  );
  assert.equal(mail.html, `<p>Caf\u00e9 <a href="${LINK}">Reset your password</a></p>`);
  assert.deepEqual(sink.linksIn(mail), [LINK]);
});

test("waitFor names what did arrive when the awaited email does not", async () => {
  await assert.rejects(
    sink.waitFor((m) => m.subject === "Never sent", { timeoutMs: 120 }),
    /no matching email arrived within 120 ms; 1 received:\n  to grace\.adams@gatehouse-demo\.nhs\.uk, copy@nhs\.net: "R\u00e9initialiser/,
  );
});

test("a command split across chunks is read whole, commands out of order are refused, HELO has no extensions", async () => {
  const c = await client(sink.port);
  await c.expect(220);
  c.socket.write("HE");
  await new Promise((r) => setTimeout(r, 5));
  c.socket.write("LO client\r");
  await new Promise((r) => setTimeout(r, 5));
  c.socket.write("\nRCPT TO:<a@nhs.net>\r\nMAIL FROM:nobody\r\nMAIL FROM:<>\r\nDATA\r\nQUIT\r\n");
  const helo = await c.expect(250);
  assert.match(helo, /^250 /, "HELO gets a one-line reply");
  await c.expect(503);
  await c.expect(501);
  await c.expect(250);
  await c.expect(503);
  await c.expect(221);
});
