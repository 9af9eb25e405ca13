//! CloudFormation's own limits, in one place: the synthesizer truncates to them, validation
//! checks the stacks against them, deploy picks inline or S3 bodies by them.

/// Resources per template.
pub const MAX_RESOURCES: usize = 500;
/// Parameters, outputs or mappings per template.
pub const MAX_PARAMETERS: usize = 200;
/// A template body passed inline; larger ones go through S3.
pub const MAX_INLINE_BODY: usize = 51_200;
/// A template body uploaded to S3.
pub const MAX_S3_BODY: usize = 1_048_576;
/// Characters in a logical ID.
pub const MAX_LOGICAL_ID: usize = 255;
/// Characters in a stack name.
pub const MAX_STACK_NAME: usize = 128;

/// True for a name CloudFormation takes for a stack: a letter first, then letters, digits
/// and hyphens, at most [`MAX_STACK_NAME`] characters.
pub fn is_stack_name(name: &str) -> bool {
    name.len() <= MAX_STACK_NAME
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_names() {
        assert!(is_stack_name("shop-prod-2"));
        assert!(!is_stack_name("2shop"));
        assert!(!is_stack_name("shop_prod"));
        assert!(!is_stack_name(""));
        assert!(is_stack_name(&"a".repeat(MAX_STACK_NAME)));
        assert!(!is_stack_name(&"a".repeat(MAX_STACK_NAME + 1)));
    }
}
