//! The hand-written HTTP/1.1 layer shared by the mocks.
//!
//! HTTP is spoken by hand (request heads parsed with `httparse`) so that faults can be exact:
//! a reset is a real TCP RST, a truncated body is a short write after a full `Content-Length`.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A parsed request: head and (`Content-Length`) body.
pub(crate) struct Head {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) keep_alive: bool,
    pub(crate) body: Vec<u8>,
}

impl Head {
    /// The first header of that name (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Path and raw query string of the target.
    pub(crate) fn path_and_query(&self) -> (String, String) {
        match self.target.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (self.target.clone(), String::new()),
        }
    }
}

/// A response to send.
pub(crate) struct Resp {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

/// What to do with a connection after handling a request.
pub(crate) enum Plan {
    /// Send the response.
    Send(Resp),
    /// Reset the connection without answering.
    Reset,
    /// Send the head with the full `Content-Length`, then `cut` body bytes (None: half), close.
    Truncate(Resp, Option<usize>),
}

/// The per-mock part of the server: request handling and its counters.
pub(crate) trait Handler: Send + Sync + 'static {
    /// Answers one request.
    fn handle<'a>(&'a self, head: &'a Head) -> Pin<Box<dyn Future<Output = Plan> + Send + 'a>>;
    /// Mock-clock time for the `Date` header.
    fn now(&self) -> i64;
    /// The `Server` header value.
    fn server_name(&self) -> &'static str;
    /// (requests in flight, highest seen).
    fn in_flight(&self) -> (&AtomicUsize, &AtomicUsize);
}

/// Accepts connections until `shutdown` changes.
pub(crate) async fn serve<H: Handler>(
    listener: std::net::TcpListener,
    handler: Arc<H>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        tokio::select! {
            r = listener.accept() => {
                if let Ok((stream, _)) = r {
                    let h = Arc::clone(&handler);
                    tokio::spawn(async move { connection(stream, h).await });
                }
            }
            _ = shutdown.changed() => break,
        }
    }
}

/// Reads one request (head and body). `Ok(None)` on a clean close.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Option<Head>> {
    loop {
        if !buf.is_empty() {
            let mut hs = [httparse::EMPTY_HEADER; 96];
            let mut req = httparse::Request::new(&mut hs);
            match req.parse(buf) {
                Ok(httparse::Status::Complete(n)) => {
                    let version = req.version.unwrap_or(1);
                    let headers: Vec<(String, String)> = req
                        .headers
                        .iter()
                        .map(|h| {
                            (
                                h.name.to_string(),
                                String::from_utf8_lossy(h.value).trim().to_string(),
                            )
                        })
                        .collect();
                    let mut head = Head {
                        method: req.method.unwrap_or("GET").to_string(),
                        target: req.path.unwrap_or("/").to_string(),
                        headers,
                        keep_alive: version == 1,
                        body: Vec::new(),
                    };
                    if let Some(c) = head.header("connection") {
                        let c = c.to_ascii_lowercase();
                        if c.contains("close") {
                            head.keep_alive = false;
                        } else if c.contains("keep-alive") {
                            head.keep_alive = true;
                        }
                    }
                    if head.header("transfer-encoding").is_some() {
                        // Chunked request bodies are not supported.
                        head.keep_alive = false;
                    }
                    buf.drain(..n);
                    let len: usize = head
                        .header("content-length")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    if len > 64 * 1024 * 1024 {
                        return Err(std::io::Error::other("request body too large"));
                    }
                    while buf.len() < len {
                        let mut tmp = [0u8; 8192];
                        let r = stream.read(&mut tmp).await?;
                        if r == 0 {
                            return Ok(None);
                        }
                        buf.extend_from_slice(&tmp[..r]);
                    }
                    head.body = buf.drain(..len).collect();
                    return Ok(Some(head));
                }
                Ok(httparse::Status::Partial) => {
                    if buf.len() > 256 * 1024 {
                        return Err(std::io::Error::other("request head too large"));
                    }
                }
                Err(e) => return Err(std::io::Error::other(e.to_string())),
            }
        }
        let mut tmp = [0u8; 8192];
        let r = stream.read(&mut tmp).await?;
        if r == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&tmp[..r]);
    }
}

async fn connection<H: Handler>(mut stream: TcpStream, handler: Arc<H>) {
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    let (cur, max) = handler.in_flight();
    loop {
        let head = match read_request(&mut stream, &mut buf).await {
            Ok(Some(h)) => h,
            Ok(None) => return,
            Err(_) => {
                let resp = Resp {
                    status: 400,
                    headers: vec![("Content-Type".into(), "text/plain".into())],
                    body: b"Bad Request".to_vec(),
                };
                let _ = write_response(&mut stream, &resp, false, false, &*handler).await;
                return;
            }
        };
        let now_in = cur.fetch_add(1, Ordering::SeqCst) + 1;
        max.fetch_max(now_in, Ordering::SeqCst);
        let plan = handler.handle(&head).await;
        let keep = head.keep_alive;
        let head_only = head.method == "HEAD";
        let result = match plan {
            Plan::Send(resp) => write_response(&mut stream, &resp, keep, head_only, &*handler)
                .await
                .map(|_| keep),
            Plan::Reset => {
                #[allow(deprecated)]
                let _ = stream.set_linger(Some(Duration::ZERO));
                Ok(false)
            }
            Plan::Truncate(resp, cut) => {
                let _ = write_truncated(&mut stream, &resp, cut, &*handler).await;
                Ok(false)
            }
        };
        cur.fetch_sub(1, Ordering::SeqCst);
        match result {
            Ok(true) => continue,
            _ => return,
        }
    }
}

/// The reason phrase of a status.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        416 => "Range Not Satisfiable",
        423 => "Locked",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

/// An RFC 7231 date.
pub(crate) fn http_date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|d| d.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default()
}

fn head_bytes<H: Handler + ?Sized>(resp: &Resp, keep_alive: bool, handler: &H) -> Vec<u8> {
    let mut s = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    s.push_str(&format!("Date: {}\r\n", http_date(handler.now())));
    s.push_str(&format!("Server: {}\r\n", handler.server_name()));
    for (k, v) in &resp.headers {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str(&format!("Content-Length: {}\r\n", resp.body.len()));
    if !keep_alive {
        s.push_str("Connection: close\r\n");
    }
    s.push_str("\r\n");
    s.into_bytes()
}

async fn write_response<H: Handler + ?Sized>(
    stream: &mut TcpStream,
    resp: &Resp,
    keep_alive: bool,
    head_only: bool,
    handler: &H,
) -> std::io::Result<()> {
    let mut out = head_bytes(resp, keep_alive, handler);
    if !head_only {
        out.extend_from_slice(&resp.body);
    }
    stream.write_all(&out).await?;
    stream.flush().await?;
    if !keep_alive {
        let _ = stream.shutdown().await;
    }
    Ok(())
}

async fn write_truncated<H: Handler + ?Sized>(
    stream: &mut TcpStream,
    resp: &Resp,
    cut: Option<usize>,
    handler: &H,
) -> std::io::Result<()> {
    let mut out = head_bytes(resp, false, handler);
    let max = resp.body.len().saturating_sub(1);
    let cut = cut.unwrap_or(resp.body.len() / 2).min(max);
    out.extend_from_slice(&resp.body[..cut]);
    stream.write_all(&out).await?;
    stream.flush().await?;
    stream.shutdown().await
}

/// Starts `handler` on its own thread and tokio runtime; returns the shutdown sender and the
/// thread handle.
pub(crate) fn spawn<H: Handler>(
    listener: std::net::TcpListener,
    handler: Arc<H>,
    name: &str,
) -> std::io::Result<(
    tokio::sync::watch::Sender<bool>,
    std::thread::JoinHandle<()>,
)> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(name)
        .enable_all()
        .build()?;
    let thread = std::thread::Builder::new()
        .name(format!("{name}-accept"))
        .spawn(move || {
            rt.block_on(serve(listener, handler, rx));
            rt.shutdown_timeout(Duration::from_millis(500));
        })?;
    Ok((tx, thread))
}
