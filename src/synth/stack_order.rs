//! The stack graph of a synthesized stage: which stack needs which, the order they deploy
//! in (waves of stacks that can go at the same time) and the reverse order for deletion.

use super::StackTemplate;
use std::collections::BTreeMap;

/// Why a set of stacks is not a graph scalectl can deploy. Synthesis never produces
/// these; the check guards the deploy walk against a broken graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// A stack depends on, or reads an output of, a stack that is not in the graph.
    #[error("stack `{stack}` needs `{missing}`, which is not in the graph")]
    Missing {
        /// The stack.
        stack: String,
        /// The suffix it names.
        missing: String,
    },
    /// A stack reads an output of a stack it does not depend on.
    #[error("stack `{stack}` reads an output of `{from}` without depending on it")]
    Undeclared {
        /// The stack.
        stack: String,
        /// The producer.
        from: String,
    },
    /// The dependencies form a cycle.
    #[error("the stacks {0:?} depend on each other in a cycle")]
    Cycle(Vec<String>),
}

/// Indices of each stack's dependencies, checked.
pub fn dependencies(stacks: &[StackTemplate]) -> Result<Vec<Vec<usize>>, GraphError> {
    let index: BTreeMap<&str, usize> = stacks
        .iter()
        .enumerate()
        .map(|(i, s)| (s.suffix.as_str(), i))
        .collect();
    let mut deps = Vec::with_capacity(stacks.len());
    for stack in stacks {
        let mut mine = Vec::new();
        for dep in &stack.depends_on {
            let i = *index.get(dep.as_str()).ok_or_else(|| GraphError::Missing {
                stack: stack.suffix.clone(),
                missing: dep.clone(),
            })?;
            mine.push(i);
        }
        for input in &stack.inputs {
            if !index.contains_key(input.from_stack.as_str()) {
                return Err(GraphError::Missing {
                    stack: stack.suffix.clone(),
                    missing: input.from_stack.clone(),
                });
            }
            if !stack.depends_on.contains(&input.from_stack) {
                return Err(GraphError::Undeclared {
                    stack: stack.suffix.clone(),
                    from: input.from_stack.clone(),
                });
            }
        }
        mine.sort_unstable();
        mine.dedup();
        deps.push(mine);
    }
    Ok(deps)
}

/// The deploy order as waves: every stack in a wave depends only on stacks of earlier
/// waves, and comes as early as it can. Within a wave, synthesis order.
pub fn waves(stacks: &[StackTemplate]) -> Result<Vec<Vec<usize>>, GraphError> {
    let deps = dependencies(stacks)?;
    let mut level: Vec<Option<usize>> = vec![None; stacks.len()];
    let mut placed = 0;
    while placed < stacks.len() {
        let mut progress = false;
        for i in 0..stacks.len() {
            if level[i].is_some() {
                continue;
            }
            let ready: Option<Vec<usize>> = deps[i].iter().map(|&d| level[d]).collect();
            if let Some(levels) = ready {
                level[i] = Some(levels.into_iter().max().map_or(0, |l| l + 1));
                placed += 1;
                progress = true;
            }
        }
        if !progress {
            let stuck = (0..stacks.len())
                .filter(|&i| level[i].is_none())
                .map(|i| stacks[i].suffix.clone())
                .collect();
            return Err(GraphError::Cycle(stuck));
        }
    }
    let depth = level.iter().flatten().max().map_or(0, |l| l + 1);
    let mut waves = vec![Vec::new(); depth];
    for (i, l) in level.into_iter().enumerate() {
        if let Some(l) = l {
            waves[l].push(i);
        }
    }
    Ok(waves)
}

/// For each stack, the stacks that depend on it (the edges reversed, for deletion).
pub fn dependents(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); deps.len()];
    for (i, mine) in deps.iter().enumerate() {
        for &d in mine {
            out[d].push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::Template;
    use crate::synth::StackInput;

    fn stack(suffix: &str, deps: &[&str]) -> StackTemplate {
        StackTemplate {
            suffix: suffix.to_string(),
            region: "us-east-1".to_string(),
            template: Template::new("t"),
            depends_on: deps.iter().map(|d| d.to_string()).collect(),
            inputs: Vec::new(),
            pins: Vec::new(),
            zones: Vec::new(),
            code_keys: Vec::new(),
        }
    }

    #[test]
    fn waves_put_each_stack_as_early_as_its_dependencies_allow() {
        let stacks = vec![
            stack("a", &[]),
            stack("a-shards-1", &["a"]),
            stack("b", &[]),
            stack("global", &["a", "b"]),
        ];
        assert_eq!(waves(&stacks), Ok(vec![vec![0, 2], vec![1, 3]]));
        let order: Vec<usize> = waves(&stacks).unwrap_or_default().concat();
        assert_eq!(order, vec![0, 2, 1, 3]);
        let deps = dependencies(&stacks).unwrap_or_default();
        assert_eq!(dependents(&deps), vec![vec![1, 3], vec![], vec![3], vec![]]);
    }

    #[test]
    fn broken_graphs_are_refused() {
        assert_eq!(
            waves(&[stack("a", &["b"]), stack("b", &["a"])]),
            Err(GraphError::Cycle(vec!["a".to_string(), "b".to_string()]))
        );
        assert_eq!(
            waves(&[stack("a", &["zz"])]),
            Err(GraphError::Missing {
                stack: "a".to_string(),
                missing: "zz".to_string()
            })
        );
        let mut reader = stack("b", &[]);
        reader.inputs.push(StackInput {
            parameter: "P".to_string(),
            from_stack: "a".to_string(),
            output: "O".to_string(),
        });
        assert_eq!(
            waves(&[stack("a", &[]), reader]),
            Err(GraphError::Undeclared {
                stack: "b".to_string(),
                from: "a".to_string()
            })
        );
    }
}
