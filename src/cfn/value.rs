//! `Value<T>`: a property value that is either a literal `T` or an intrinsic function.
//!
//! Both arms are typed: an `If` yields a `Value<T>` on either branch, a `Join` joins strings,
//! and `Ref`/`GetAtt` name a logical ID, so references can be checked after synthesis.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// A CloudFormation property value: a literal or an intrinsic function call.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<T> {
    /// A literal value, serialized as itself.
    Lit(T),
    /// `{"Ref": name}`: a resource, parameter or pseudo parameter.
    Ref(String),
    /// `{"Fn::GetAtt": [resource, attribute]}`.
    GetAtt(String, String),
    /// `{"Fn::Sub": template}` or `{"Fn::Sub": [template, {vars}]}`.
    Sub(String, BTreeMap<String, Value<String>>),
    /// `{"Fn::Join": [separator, [parts]]}`.
    Join(String, Vec<Value<String>>),
    /// `{"Fn::Select": [index, list]}` over a list-valued expression.
    Select(u32, Box<Value<Vec<String>>>),
    /// `{"Fn::If": [condition, then, else]}`.
    If(String, Box<Value<T>>, Box<Value<T>>),
    /// `{"Fn::Base64": value}`.
    Base64(Box<Value<String>>),
    /// `{"Ref": "AWS::NoValue"}`: removes the property.
    NoValue,
}

impl<T> Value<T> {
    /// A `Ref` to a resource or parameter.
    pub fn r#ref(id: impl Into<String>) -> Self {
        Value::Ref(id.into())
    }

    /// An `Fn::GetAtt` of a resource attribute.
    pub fn get_att(id: impl Into<String>, attribute: impl Into<String>) -> Self {
        Value::GetAtt(id.into(), attribute.into())
    }

    /// An `Fn::If` on a named condition.
    pub fn if_(condition: impl Into<String>, then: Value<T>, otherwise: Value<T>) -> Self {
        Value::If(condition.into(), Box::new(then), Box::new(otherwise))
    }
}

impl Value<String> {
    /// An `Fn::Sub` with no extra variables.
    pub fn sub(template: impl Into<String>) -> Self {
        Value::Sub(template.into(), BTreeMap::new())
    }

    /// An `Fn::Join`.
    pub fn join(separator: impl Into<String>, parts: Vec<Value<String>>) -> Self {
        Value::Join(separator.into(), parts)
    }

    /// An `Fn::Base64` of a string value.
    pub fn base64(inner: Value<String>) -> Self {
        Value::Base64(Box::new(inner))
    }
}

impl<T> From<T> for Value<T> {
    fn from(value: T) -> Self {
        Value::Lit(value)
    }
}

impl From<&str> for Value<String> {
    fn from(value: &str) -> Self {
        Value::Lit(value.to_string())
    }
}

/// Shorthand for a literal string value.
pub fn lit(s: impl Into<String>) -> Value<String> {
    Value::Lit(s.into())
}

struct One<'a, V: ?Sized>(&'static str, &'a V);

impl<V: Serialize + ?Sized> Serialize for One<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

/// A heterogeneous two- or three-element JSON array written in order.
struct Tuple<'a>(Vec<&'a dyn erased::Ser>);

mod erased {
    /// Object-safe serialization for the handful of argument shapes intrinsics take.
    pub trait Ser {
        fn to_json(&self) -> Result<serde_json::Value, serde_json::Error>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
            serde_json::to_value(self)
        }
    }
}

impl Serialize for Tuple<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for item in &self.0 {
            let value = item.to_json().map_err(serde::ser::Error::custom)?;
            seq.serialize_element(&value)?;
        }
        seq.end()
    }
}

impl<T: Serialize> Serialize for Value<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Lit(v) => v.serialize(serializer),
            Value::Ref(id) => One("Ref", id).serialize(serializer),
            Value::GetAtt(id, attr) => One("Fn::GetAtt", &[id, attr]).serialize(serializer),
            Value::Sub(template, vars) if vars.is_empty() => {
                One("Fn::Sub", template).serialize(serializer)
            }
            Value::Sub(template, vars) => {
                One("Fn::Sub", &Tuple(vec![template, vars])).serialize(serializer)
            }
            Value::Join(sep, parts) => {
                One("Fn::Join", &Tuple(vec![sep, parts])).serialize(serializer)
            }
            Value::Select(index, list) => {
                One("Fn::Select", &Tuple(vec![&index.to_string(), list])).serialize(serializer)
            }
            Value::If(cond, a, b) => {
                One("Fn::If", &Tuple(vec![cond, a.as_ref(), b.as_ref()])).serialize(serializer)
            }
            Value::Base64(inner) => One("Fn::Base64", inner.as_ref()).serialize(serializer),
            Value::NoValue => One("Ref", "AWS::NoValue").serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn js<T: Serialize>(v: &Value<T>) -> serde_json::Value {
        serde_json::to_value(v).unwrap_or_default()
    }

    #[test]
    fn intrinsics_serialize_in_cloudformation_shape() {
        assert_eq!(js(&lit("a")), json!("a"));
        assert_eq!(js(&Value::<String>::r#ref("Vpc")), json!({"Ref": "Vpc"}));
        assert_eq!(
            js(&Value::<String>::get_att("Db", "Endpoint.Address")),
            json!({"Fn::GetAtt": ["Db", "Endpoint.Address"]})
        );
        assert_eq!(
            js(&Value::sub("${AWS::Region}")),
            json!({"Fn::Sub": "${AWS::Region}"})
        );
        let mut vars = BTreeMap::new();
        vars.insert("X".to_string(), Value::r#ref("Y"));
        assert_eq!(
            js(&Value::<String>::Sub("${X}".into(), vars)),
            json!({"Fn::Sub": ["${X}", {"X": {"Ref": "Y"}}]})
        );
        assert_eq!(
            js(&Value::join("/", vec![lit("a"), Value::r#ref("B")])),
            json!({"Fn::Join": ["/", ["a", {"Ref": "B"}]]})
        );
        assert_eq!(
            js(&Value::<String>::Select(
                1,
                Box::new(Value::get_att("Lb", "SecurityGroups"))
            )),
            json!({"Fn::Select": ["1", {"Fn::GetAtt": ["Lb", "SecurityGroups"]}]})
        );
        assert_eq!(
            js(&Value::if_(
                "HasCert",
                Value::Lit(443u16),
                Value::Lit(80u16)
            )),
            json!({"Fn::If": ["HasCert", 443, 80]})
        );
        assert_eq!(js(&Value::<bool>::NoValue), json!({"Ref": "AWS::NoValue"}));
        assert_eq!(
            js(&Value::base64(Value::sub("echo"))),
            json!({"Fn::Base64": {"Fn::Sub": "echo"}})
        );
    }
}
