//! Test support: a real, minimal SMTP server on 127.0.0.1 that keeps every
//! message it accepts. It speaks EHLO/HELO, MAIL FROM, RCPT TO, DATA
//! (dot-terminated, dot-unstuffed), RSET, NOOP and QUIT, and can be stopped
//! and started again on the same port to simulate an outage.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

/// Largest message accepted (bytes); bigger ones get `552`.
const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;

/// A message the sink accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedEmail {
    pub from: String,
    pub recipients: Vec<String>,
    /// Headers and body as sent, after dot-unstuffing, with CRLF line ends.
    pub raw: String,
}

impl ReceivedEmail {
    /// The first header called `name` (any case), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self
            .raw
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .replace("\r\n ", " ")
            .replace("\r\n\t", " ");
        head.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

type Inbox = Arc<Mutex<Vec<ReceivedEmail>>>;

struct Running {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

/// The SMTP server. Dropping it stops it.
pub struct SmtpSink {
    addr: SocketAddr,
    inbox: Inbox,
    running: Option<Running>,
}

impl SmtpSink {
    /// Starts on a free port of 127.0.0.1.
    pub async fn start() -> io::Result<Self> {
        let listener = listen(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let addr = listener.local_addr()?;
        let inbox = Inbox::default();
        let running = spawn(listener, inbox.clone());
        Ok(Self {
            addr,
            inbox,
            running: Some(running),
        })
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `smtp://127.0.0.1:<port>`, for `Transport::smtp`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Stops listening and drops every open connection: clients see the
    /// server go away, and new connections are refused.
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = running.stop.send(true);
            let _ = running.task.await;
        }
    }

    /// Listens again on the same port. Messages received so far are kept.
    pub async fn restart(&mut self) -> io::Result<()> {
        self.stop().await;
        let listener = listen(self.addr)?;
        self.running = Some(spawn(listener, self.inbox.clone()));
        Ok(())
    }

    /// Every message accepted so far, oldest first.
    pub fn received(&self) -> Vec<ReceivedEmail> {
        lock(&self.inbox).clone()
    }

    pub fn received_count(&self) -> usize {
        lock(&self.inbox).len()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = running.stop.send(true);
            running.task.abort();
        }
    }
}

fn lock(inbox: &Inbox) -> MutexGuard<'_, Vec<ReceivedEmail>> {
    inbox
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A listener with SO_REUSEADDR, so the port can be bound again at once
/// after a stop even though closed connections linger in TIME_WAIT.
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(128)
}

fn spawn(listener: TcpListener, inbox: Inbox) -> Running {
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(accept_loop(listener, inbox, stopped));
    Running { stop, task }
}

async fn accept_loop(listener: TcpListener, inbox: Inbox, mut stopped: watch::Receiver<bool>) {
    let mut sessions = JoinSet::new();
    loop {
        tokio::select! {
            _ = stopped.changed() => break,
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    sessions.spawn(session(stream, inbox.clone()));
                }
            }
            Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
        }
    }
    drop(listener);
    sessions.shutdown().await;
}

/// One SMTP conversation (RFC 5321, the parts a client needs).
async fn session(stream: TcpStream, inbox: Inbox) -> io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    write
        .write_all(b"220 127.0.0.1 Gatehouse test SMTP sink ready\r\n")
        .await?;
    let mut from: Option<String> = None;
    let mut recipients: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line);
        let command = command.trim_end_matches(['\r', '\n']);
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let reply: &str = match verb.as_str() {
            "EHLO" => "250-127.0.0.1 greets you\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n",
            "HELO" => "250 127.0.0.1 greets you\r\n",
            "MAIL" => match address_after(command, "MAIL FROM:") {
                Some(address) => {
                    from = Some(address);
                    recipients.clear();
                    "250 2.1.0 OK\r\n"
                }
                None => "501 5.5.4 Syntax: MAIL FROM:<address>\r\n",
            },
            "RCPT" => match (&from, address_after(command, "RCPT TO:")) {
                (None, _) => "503 5.5.1 MAIL first\r\n",
                (Some(_), Some(address)) => {
                    recipients.push(address);
                    "250 2.1.5 OK\r\n"
                }
                (Some(_), None) => "501 5.5.4 Syntax: RCPT TO:<address>\r\n",
            },
            "DATA" if from.is_none() || recipients.is_empty() => "503 5.5.1 RCPT first\r\n",
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let Some(raw) = read_data(&mut reader).await? else {
                    return Ok(());
                };
                let reply = match raw {
                    Ok(raw) => {
                        lock(&inbox).push(ReceivedEmail {
                            from: from.take().unwrap_or_default(),
                            recipients: std::mem::take(&mut recipients),
                            raw,
                        });
                        "250 2.0.0 OK queued\r\n"
                    }
                    Err(()) => "552 5.3.4 Message too big\r\n",
                };
                from = None;
                recipients.clear();
                reply
            }
            "RSET" => {
                from = None;
                recipients.clear();
                "250 2.0.0 OK\r\n"
            }
            "NOOP" => "250 2.0.0 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return write.shutdown().await;
            }
            "" => "500 5.5.2 Empty command\r\n",
            _ => "502 5.5.1 Command not implemented\r\n",
        };
        write.write_all(reply.as_bytes()).await?;
    }
}

/// The `<address>` after a `MAIL FROM:` / `RCPT TO:` prefix (any case).
fn address_after(command: &str, prefix: &str) -> Option<String> {
    let head = command.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = command[prefix.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_string())
}

/// Reads the message up to the line holding a single dot, removing the
/// extra leading dot of dot-stuffed lines. `None`: the client went away.
/// `Some(Err)`: too big (the rest is read and thrown away).
async fn read_data<R: AsyncBufReadExt + Unpin>(
    reader: &mut R,
) -> io::Result<Option<Result<String, ()>>> {
    let mut message: Vec<u8> = Vec::new();
    let mut too_big = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        if line == b".\r\n" || line == b".\n" {
            break;
        }
        let content = line.strip_prefix(b".").unwrap_or(&line);
        if message.len() + content.len() > MAX_MESSAGE_BYTES {
            too_big = true;
        } else if !too_big {
            message.extend_from_slice(content);
        }
    }
    if too_big {
        return Ok(Some(Err(())));
    }
    Ok(Some(Ok(String::from_utf8_lossy(&message).into_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn expect(reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>, code: &str) {
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).await.unwrap();
            assert!(line.starts_with(code), "expected {code}, got {line:?}");
            // Multi-line replies continue with "250-".
            if line.as_bytes().get(3) != Some(&b'-') {
                return;
            }
        }
    }

    #[tokio::test]
    async fn the_sink_speaks_smtp_unstuffs_dots_and_records_recipients() {
        let sink = SmtpSink::start().await.unwrap();
        let stream = TcpStream::connect(("127.0.0.1", sink.port()))
            .await
            .unwrap();
        let (read, mut write) = stream.into_split();
        let mut reader = BufReader::new(read);
        expect(&mut reader, "220").await;
        for (send, code) in [
            ("EHLO client.test\r\n", "250"),
            ("NOOP\r\n", "250"),
            ("DATA\r\n", "503"),
            ("RCPT TO:<early@nhs.net>\r\n", "503"),
            ("MAIL FROM:<dropped@nhs.net>\r\n", "250"),
            ("RSET\r\n", "250"),
            ("mail from:<sender@nhs.net> BODY=8BITMIME\r\n", "250"),
            ("RCPT TO:<one@nhs.net>\r\n", "250"),
            ("RCPT TO:<two@nhs.net>\r\n", "250"),
            ("DATA\r\n", "354"),
            ("Subject: Hi\r\n\r\n..leading dot\r\n.\r\n", "250"),
            ("VRFY someone\r\n", "502"),
            ("QUIT\r\n", "221"),
        ] {
            write.write_all(send.as_bytes()).await.unwrap();
            expect(&mut reader, code).await;
        }
        let received = sink.received();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].from, "sender@nhs.net");
        assert_eq!(received[0].recipients, ["one@nhs.net", "two@nhs.net"]);
        assert_eq!(received[0].raw, "Subject: Hi\r\n\r\n.leading dot\r\n");
        assert_eq!(received[0].header("subject").as_deref(), Some("Hi"));
    }

    #[tokio::test]
    async fn a_stopped_sink_refuses_connections_and_restarts_on_the_same_port() {
        let mut sink = SmtpSink::start().await.unwrap();
        let port = sink.port();
        let open = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        sink.stop().await;
        assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
        // The connection that was open is closed too.
        let mut reader = BufReader::new(open);
        let mut greeting = String::new();
        let _ = reader.read_line(&mut greeting).await;
        let mut rest = String::new();
        assert_eq!(reader.read_line(&mut rest).await.unwrap_or(0), 0);

        sink.restart().await.unwrap();
        assert_eq!(sink.port(), port);
        let stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let mut reader = BufReader::new(stream);
        let mut greeting = String::new();
        reader.read_line(&mut greeting).await.unwrap();
        assert!(greeting.starts_with("220"));
    }
}
