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

/// A golden path's stage (for unit tests elsewhere in the crate).
#[cfg(test)]
pub fn golden(name: &str) -> super::Stage {
    golden_loaded(name).stage
}

/// A golden path, loaded with its locations (for unit tests elsewhere in the crate).
#[cfg(test)]
pub fn golden_loaded(name: &str) -> super::LoadedStage {
    struct NoFiles;
    impl super::FileReader for NoFiles {
        fn read(&self, path: &std::path::Path) -> std::io::Result<String> {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                path.display().to_string(),
            ))
        }
    }
    match super::load(&super::StageRef::Builtin(name.to_string()), &NoFiles) {
        Ok(loaded) => loaded,
        Err(report) => panic!("{name} does not load: {report:?}"),
    }
}
