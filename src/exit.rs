//! Exit codes, documented in the README and mirrored in the tests.

/// Success, including "no changes".
pub const SUCCESS: u8 = 0;
/// An unexpected error, or an error from AWS.
pub const FAILURE: u8 = 1;
/// Invalid input or a validation failure; nothing was sent to AWS.
pub const INVALID: u8 = 2;
/// A deployment failed (the stack rolled back or is in a failed state).
pub const DEPLOY_FAILED: u8 = 3;
/// Refused: approval needed in a non-interactive run, or a data-loss guard tripped.
pub const REFUSED: u8 = 4;
/// Interrupted by Ctrl-C (128 + SIGINT); whatever AWS already started goes on.
pub const INTERRUPTED: u8 = 130;
