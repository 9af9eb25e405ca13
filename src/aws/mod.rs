//! Everything that talks to AWS. The rest of scalectl sees plain data ([`LiveFacts`]) and
//! traits; only `client.rs` imports the AWS SDK.
//!
//! [`LiveFacts`]: crate::validate::LiveFacts

pub mod client;
pub mod deployer;
pub mod facts;

/// How to reach AWS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connection {
    /// A named profile, else the standard credential chain.
    pub profile: Option<String>,
    /// An endpoint override (a local emulator); `AWS_ENDPOINT_URL` is honoured too.
    pub endpoint_url: Option<String>,
}

/// A failed AWS call (defined beside the calls it fails, in `deploy::api`).
pub use crate::deploy::api::ApiError;

/// Why AWS could not be used at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectError {
    /// No credentials anywhere in the chain.
    #[error("no AWS credentials found: {0}")]
    NoCredentials(String),
    /// The runtime could not start.
    #[error("cannot start the AWS client: {0}")]
    Runtime(String),
}
