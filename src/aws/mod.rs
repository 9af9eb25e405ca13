//! Everything that talks to AWS. The rest of scalectl sees plain data ([`LiveFacts`]) and
//! traits; only `client.rs` imports the AWS SDK.
//!
//! [`LiveFacts`]: crate::validate::LiveFacts

pub mod client;
pub mod deploy;
pub mod facts;

/// How to reach AWS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connection {
    /// A named profile, else the standard credential chain.
    pub profile: Option<String>,
    /// An endpoint override (a local emulator); `AWS_ENDPOINT_URL` is honoured too.
    pub endpoint_url: Option<String>,
}

/// A failed AWS call, in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// The service's error code, when it gave one (`AccessDenied`, `NoSuchResourceException`).
    pub code: Option<String>,
    /// What happened.
    pub message: String,
}

impl ApiError {
    /// True when AWS asked the caller to slow down (after the SDK's own retries).
    pub fn is_throttling(&self) -> bool {
        self.code.as_deref().is_some_and(|c| {
            matches!(
                c,
                "Throttling"
                    | "ThrottlingException"
                    | "TooManyRequestsException"
                    | "RequestLimitExceeded"
            )
        })
    }

    /// True when the error says a stack does not exist (CloudFormation's `ValidationError`).
    pub fn is_missing_stack(&self) -> bool {
        self.code.as_deref() == Some("ValidationError") && self.message.contains("does not exist")
    }

    /// True when the caller lacks permission.
    pub fn is_denied(&self) -> bool {
        self.code.as_deref().is_some_and(|c| {
            c.contains("AccessDenied")
                || c.contains("UnauthorizedOperation")
                || c.contains("NotAuthorized")
        })
    }
}

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
