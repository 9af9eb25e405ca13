//! The golden-path stages, embedded in the binary.

/// A built-in stage: its name and YAML text.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinStage {
    /// `stage0` .. `stage7`.
    pub name: &'static str,
    /// The YAML source.
    pub text: &'static str,
}

/// The ladder, in order.
pub const BUILTIN_STAGES: &[BuiltinStage] = &[
    BuiltinStage {
        name: "stage0",
        text: include_str!("../../stages/stage0.yaml"),
    },
    BuiltinStage {
        name: "stage1",
        text: include_str!("../../stages/stage1.yaml"),
    },
    BuiltinStage {
        name: "stage2",
        text: include_str!("../../stages/stage2.yaml"),
    },
    BuiltinStage {
        name: "stage3",
        text: include_str!("../../stages/stage3.yaml"),
    },
    BuiltinStage {
        name: "stage4",
        text: include_str!("../../stages/stage4.yaml"),
    },
    BuiltinStage {
        name: "stage5",
        text: include_str!("../../stages/stage5.yaml"),
    },
    BuiltinStage {
        name: "stage6",
        text: include_str!("../../stages/stage6.yaml"),
    },
    BuiltinStage {
        name: "stage7",
        text: include_str!("../../stages/stage7.yaml"),
    },
];

/// Look up a built-in stage by name.
pub fn builtin(name: &str) -> Option<&'static BuiltinStage> {
    BUILTIN_STAGES.iter().find(|s| s.name == name)
}
