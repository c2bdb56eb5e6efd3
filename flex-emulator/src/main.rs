//! `flex-emulator`: starts the emulator, prints the world JSON as the first stdout line,
//! and serves until interrupted. Logs go to stderr.

use std::io::Write;
use std::time::Duration;

use clap::Parser;
use flex_emulator::{Emulator, EmulatorConfig, MAX_TTL_SECS};

/// Command-line flags.
#[derive(Debug, Parser)]
#[command(
    name = "flex-emulator",
    about = "A local Twilio Flex / TaskRouter backend"
)]
struct Args {
    /// Interface to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to bind (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Seconds between heartbeat frames on event-bridge sockets.
    #[arg(long, default_value_t = 15)]
    heartbeat_secs: u64,
    /// Seconds between `"\n"` heartbeats on voice signalling sockets.
    #[arg(long, default_value_t = 10)]
    voice_heartbeat_secs: u64,
    /// Seconds before a pending reservation times out.
    #[arg(long, default_value_t = 120)]
    reservation_timeout_secs: u64,
    /// Lifetime in seconds of the seeded users' tokens.
    #[arg(long, default_value_t = 3600)]
    token_ttl_secs: u64,
    /// Lifetime in seconds of the access tokens issued by SSO sign-in and refresh.
    #[arg(long, default_value_t = 3600)]
    sso_token_ttl_secs: u64,
    /// Seconds an SSO session may be renewed before refresh stops extending it.
    #[arg(long, default_value_t = 86_400)]
    max_session_lifetime_secs: u64,
    /// Seconds an SSO authorization code stays exchangeable.
    #[arg(long, default_value_t = 60)]
    auth_code_ttl_secs: u64,
    /// Seconds a client may take to send a request's headers (also the idle keep-alive limit).
    #[arg(long, default_value_t = 30)]
    header_read_timeout_secs: u64,
    /// Seconds a client may take to send a request's body.
    #[arg(long, default_value_t = 30)]
    request_body_timeout_secs: u64,
    /// Most connections served at once (default 4096, or fewer to fit the open-file limit).
    #[arg(long)]
    max_connections: Option<usize>,
}

/// The longest lifetime a flag may give (ten years): later instants overflow nothing.
const MAX_FLAG_SECS: u64 = MAX_TTL_SECS;

/// Seconds from a flag: at least one, at most [`MAX_FLAG_SECS`].
fn secs(value: u64) -> Duration {
    Duration::from_secs(value.clamp(1, MAX_FLAG_SECS))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "flex_emulator=info".into()),
        )
        .init();
    let args = Args::parse();
    let config = EmulatorConfig {
        host: args.host,
        port: args.port,
        heartbeat_interval: secs(args.heartbeat_secs),
        voice_heartbeat_interval: secs(args.voice_heartbeat_secs),
        reservation_timeout: secs(args.reservation_timeout_secs),
        token_ttl: secs(args.token_ttl_secs),
        sso_token_ttl: secs(args.sso_token_ttl_secs),
        max_session_lifetime: secs(args.max_session_lifetime_secs),
        auth_code_ttl: secs(args.auth_code_ttl_secs),
        header_read_timeout: secs(args.header_read_timeout_secs),
        request_body_timeout: secs(args.request_body_timeout_secs),
        max_connections: args
            .max_connections
            .unwrap_or_else(flex_emulator::default_max_connections)
            .max(1),
    };
    let emulator = Emulator::start(config).await?;
    let line = serde_json::to_string(&emulator.world()).map_err(std::io::Error::other)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()?;
    drop(stdout);
    shutdown_signal().await;
    tracing::info!("shutting down");
    drop(emulator);
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
