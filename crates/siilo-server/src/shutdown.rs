//! Graceful shutdown that answers every request the server accepted.
//!
//! actix's own graceful stop (actix-server 2.10, actix-http 3.20) tells every connection to
//! drain at the moment the stop begins: a connection whose request has arrived but is not
//! yet read is closed unanswered, and connections that the accept thread has handed to a busy
//! worker are dropped from its queue. Under a thumb load that lost every request on a new
//! connection (`shutdown::a_graceful_shutdown_under_load_answers_every_request_it_accepted`).
//! So Siilo stops in its own order:
//!
//! 1. stop accepting: pause actix's accept thread and shut the listening socket, so that a
//!    new connection is refused at once instead of waiting in the backlog to be reset;
//! 2. answer what was accepted: every response from now on says `Connection: close`, and the
//!    stop waits until no accepted connection is still waiting for its first request and no
//!    request is in flight ([`track`] counts both);
//! 3. only then let actix drain, which leaves it nothing to do but close idle keep-alive
//!    connections.
//!
//! A connection that never sends its request holds step 2 for at most the client request
//! timeout (actix answers it 408); the whole wait is bounded by [`DRAIN_TIMEOUT`].

use std::cell::Cell;
use std::net::{Shutdown, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Extensions, ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use tokio::sync::Notify;

/// The longest a stop waits for accepted requests before actix closes what is left.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// How long the server must stay quiet before the stop goes on: covers a connection that
/// the accept thread took just before the pause and that a worker has not picked up yet.
const SETTLE: Duration = Duration::from_millis(100);

/// Counts shared by all workers.
#[derive(Default)]
pub struct Drain {
    stopping: AtomicBool,
    /// Accepted connections that have not started a request yet.
    waiting: AtomicUsize,
    in_flight: AtomicUsize,
    changed: Notify,
}

impl Drain {
    fn quiet(&self) -> bool {
        self.in_flight.load(Ordering::SeqCst) == 0 && self.waiting.load(Ordering::SeqCst) == 0
    }

    fn changed(&self) {
        self.changed.notify_waiters();
    }

    /// Marks a new connection (for `HttpServer::on_connect`): it counts as waiting until its
    /// first request starts or it closes.
    pub fn on_connect(self: &Arc<Self>, extensions: &mut Extensions) {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        extensions.insert(Connection { drain: Arc::clone(self), started: Cell::new(false) });
    }
}

/// Lives as long as the connection (in its connection data).
struct Connection {
    drain: Arc<Drain>,
    started: Cell<bool>,
}

impl Connection {
    fn start(&self) {
        if !self.started.replace(true) {
            self.drain.waiting.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if !self.started.get() {
            self.drain.waiting.fetch_sub(1, Ordering::SeqCst);
            self.drain.changed();
        }
    }
}

/// Counted while a request runs; a guard, so that a cancelled request is uncounted too.
struct InFlight(Arc<Drain>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.0.changed();
    }
}

/// Middleware (outermost): counts the request while it runs and, once a stop has begun,
/// closes its connection after the response.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let guard = req.conn_data::<Connection>().map(|conn| {
        // Counted in flight before it stops waiting, so the stop never sees a gap.
        conn.drain.in_flight.fetch_add(1, Ordering::SeqCst);
        conn.start();
        InFlight(Arc::clone(&conn.drain))
    });
    let mut res = next.call(req).await?;
    if let Some(InFlight(drain)) = &guard
        && drain.stopping.load(Ordering::SeqCst)
    {
        res.response_mut().head_mut().set_connection_type(ConnectionType::Close);
    }
    drop(guard);
    Ok(res)
}

/// Stops a running [`crate::Application`] gracefully, as SIGTERM and Ctrl-C do.
#[derive(Clone)]
pub struct ShutdownHandle {
    server: ServerHandle,
    drain: Arc<Drain>,
    /// The listening socket (a duplicate of the one actix accepts on).
    listener: Arc<TcpListener>,
}

impl ShutdownHandle {
    pub(crate) fn new(server: ServerHandle, drain: Arc<Drain>, listener: TcpListener) -> Self {
        ShutdownHandle { server, drain, listener: Arc::new(listener) }
    }

    /// Refuses new connections, answers every request already accepted, then stops the
    /// server; returns when it has stopped.
    pub async fn graceful(&self) {
        self.server.pause().await;
        // On Linux this takes the socket out of listening: new connections are refused. (One
        // that completed its handshake in the instant since the pause is reset: the server
        // never accepted it.)
        if let Err(e) = socket2::SockRef::from(&*self.listener).shutdown(Shutdown::Read) {
            tracing::warn!(error = %e, "could not close the listening socket; stopping anyway");
        }
        // Only now: a client told to close its connection reconnects, and must be refused.
        self.drain.stopping.store(true, Ordering::SeqCst);
        if tokio::time::timeout(DRAIN_TIMEOUT, self.settled()).await.is_err() {
            tracing::warn!(timeout = ?DRAIN_TIMEOUT, "requests still running at shutdown are cut off");
        }
        self.server.stop(true).await;
    }

    /// Stops at once, cutting off the requests in flight.
    pub async fn immediate(&self) {
        self.server.stop(false).await;
    }

    /// Resolves once the server has been quiet for [`SETTLE`].
    async fn settled(&self) {
        loop {
            let changed = self.drain.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if self.drain.quiet() {
                tokio::time::sleep(SETTLE).await;
                if self.drain.quiet() {
                    return;
                }
            } else {
                changed.await;
            }
        }
    }
}

/// Waits for SIGTERM or Ctrl-C and stops gracefully; a second signal stops at once.
pub async fn on_signals(handle: ShutdownHandle) {
    if stop_signal().await.is_err() {
        return;
    }
    tracing::info!("stopping: refusing new connections, answering the requests already accepted");
    tokio::select! {
        () = handle.graceful() => {}
        _ = stop_signal() => {
            tracing::warn!("second stop signal: stopping at once");
            handle.immediate().await;
        }
    }
}

async fn stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
